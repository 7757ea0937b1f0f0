package io.cachalot.sample.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
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

	@GetMapping
	Mono<List<Product>> search(@RequestParam(name = "q", defaultValue = "") String query) {
		String normalized = query.trim().toLowerCase(Locale.ROOT);
		if (normalized.length() > 100) {
			return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "search text over 100 characters"));
		}
		return this.catalog.search(normalized);
	}

	@GetMapping("/{id}")
	Mono<Product> product(@PathVariable long id) {
		return this.catalog.product(id)
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no product " + id)))
			.flatMap(product -> this.leaderboard.viewed(product).thenReturn(product));
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
