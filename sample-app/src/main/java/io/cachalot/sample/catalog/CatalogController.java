package io.cachalot.sample.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.cachalot.sample.leaderboard.Leaderboard;

/** Browse, search and reprice products; every product view scores on the leaderboard. */
@RestController
@RequestMapping("/api/products")
class CatalogController {

	private final CatalogService catalog;

	private final Leaderboard leaderboard;

	CatalogController(CatalogService catalog, Leaderboard leaderboard) {
		this.catalog = catalog;
		this.leaderboard = leaderboard;
	}

	/** Header naming who answered: {@code cache} or {@code database}. */
	static final String SERVED_FROM = "X-Served-From";

	@GetMapping
	Mono<ResponseEntity<List<Product>>> search(@RequestParam(name = "q", defaultValue = "") String query) {
		String normalized = query.trim().toLowerCase(Locale.ROOT);
		if (normalized.length() > 100) {
			return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "search text over 100 characters"));
		}
		return DatabaseAccess.track(this.catalog.search(normalized)).map(CatalogController::servedFrom);
	}

	@GetMapping("/{id}")
	Mono<ResponseEntity<Product>> product(@PathVariable long id) {
		return DatabaseAccess.track(this.catalog.product(id))
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no product " + id)))
			.flatMap(tracked -> this.leaderboard.viewed(tracked.value()).thenReturn(servedFrom(tracked)));
	}

	private static <T> ResponseEntity<T> servedFrom(DatabaseAccess.Tracked<T> tracked) {
		return ResponseEntity.ok().header(SERVED_FROM, tracked.fromDatabase() ? "database" : "cache").body(tracked.value());
	}

	@PutMapping("/{id}/price")
	Mono<Product> reprice(@PathVariable long id, @RequestBody PriceChange change) {
		if (change.price() == null || change.price().signum() <= 0) {
			return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "price must be positive"));
		}
		return this.catalog.reprice(id, change.price())
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no product " + id)));
	}

	record PriceChange(BigDecimal price) {
	}

}
