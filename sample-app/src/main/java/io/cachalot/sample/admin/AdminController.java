package io.cachalot.sample.admin;

import java.util.function.BooleanSupplier;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code /api/admin/cache-server}: see, stop and start the embedded cache server (role ADMIN). */
@RestController
@RequestMapping("/api/admin/cache-server")
class AdminController {

	private final CacheServerSwitch cacheServer;

	AdminController(CacheServerSwitch cacheServer) {
		this.cacheServer = cacheServer;
	}

	@GetMapping
	CacheServerSwitch.State state() {
		return this.cacheServer.state();
	}

	@PostMapping("/stop")
	Mono<CacheServerSwitch.State> stop() {
		return act(this.cacheServer::stop);
	}

	@PostMapping("/start")
	Mono<CacheServerSwitch.State> start() {
		return act(this.cacheServer::start);
	}

	// stopping and starting a server blocks: off the event loop
	private Mono<CacheServerSwitch.State> act(BooleanSupplier action) {
		return Mono.fromCallable(() -> {
			if (!action.getAsBoolean()) {
				throw new ResponseStatusException(HttpStatus.CONFLICT,
						"the cache server is external (" + this.cacheServer.state().endpoint()
								+ "): stop or start it where it runs, for example docker compose stop cachalot-server");
			}
			return this.cacheServer.state();
		}).subscribeOn(Schedulers.boundedElastic());
	}

}
