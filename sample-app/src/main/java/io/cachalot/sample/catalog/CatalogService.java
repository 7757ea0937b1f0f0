package io.cachalot.sample.catalog;

import java.math.BigDecimal;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.Caching;
import org.springframework.stereotype.Service;

/**
 * The catalog behind the cache: product lookups and searches are cache-aside
 * ({@code @Cacheable} on reactive methods, the cache's TTLs set per cache in
 * {@code application.yml}); a price change writes the new product through to the
 * {@code products} cache and drops every cached search, which may list the old price.
 */
@Service
public class CatalogService {

	static final int SEARCH_LIMIT = 24;

	private final CatalogRepository catalog;

	CatalogService(CatalogRepository catalog) {
		this.catalog = catalog;
	}

	@Cacheable(cacheNames = "products", key = "#id")
	public Mono<Product> product(long id) {
		return this.catalog.findById(id);
	}

	/** Products matching {@code query} (already normalized: trimmed, lower case). */
	@Cacheable(cacheNames = "searches", key = "#query")
	public Mono<List<Product>> search(String query) {
		return this.catalog.search(query, SEARCH_LIMIT).collectList();
	}

	@Caching(put = @CachePut(cacheNames = "products", key = "#id"),
			evict = @CacheEvict(cacheNames = "searches", allEntries = true))
	public Mono<Product> reprice(long id, BigDecimal price) {
		return this.catalog.updatePrice(id, price);
	}

}
