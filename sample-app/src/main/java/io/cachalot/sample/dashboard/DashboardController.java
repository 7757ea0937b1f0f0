package io.cachalot.sample.dashboard;

import java.time.Duration;

import reactor.core.publisher.Flux;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The dashboard's readings: one now, or one a second as server-sent events. */
@RestController
@RequestMapping("/api/dashboard")
class DashboardController {

	private static final Duration PERIOD = Duration.ofSeconds(1);

	private final CacheDashboard dashboard;

	DashboardController(CacheDashboard dashboard) {
		this.dashboard = dashboard;
	}

	@GetMapping
	CacheDashboard.Snapshot now() {
		return this.dashboard.snapshot();
	}

	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<CacheDashboard.Snapshot>> stream() {
		return Flux.interval(Duration.ZERO, PERIOD)
			.map(tick -> ServerSentEvent.builder(this.dashboard.snapshot()).event("dashboard").build());
	}

}
