package io.cachalot.spring.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;

/** A stand-in for a database-backed service: counts how often each method really runs. */
public class CacheService {

	/** The "database". */
	final Map<Integer, String> rows = new ConcurrentHashMap<>();

	final AtomicInteger loads = new AtomicInteger();

	public record Product(int id, String name, List<String> tags) {
	}

	/** The rows (through the proxy: a method, not the field). */
	public Map<Integer, String> rows() {
		return this.rows;
	}

	/** How often a cached method really ran. */
	public int loads() {
		return this.loads.get();
	}

	@Cacheable("products")
	public Product product(int id) {
		this.loads.incrementAndGet();
		String name = this.rows.get(id);
		return (name == null) ? null : new Product(id, name, List.of("t" + id));
	}

	@CachePut(cacheNames = "products", key = "#id")
	public Product rename(int id, String name) {
		this.rows.put(id, name);
		return new Product(id, name, List.of("t" + id));
	}

	@CacheEvict(cacheNames = "products", key = "#id")
	public void update(int id, String name) {
		this.rows.put(id, name);
	}

	@CacheEvict(cacheNames = "products", allEntries = true)
	public void evictAllProducts() {
	}

	@Cacheable("adhoc")
	public String adhoc(String key) {
		this.loads.incrementAndGet();
		return "v-" + key;
	}

	@Cacheable("other")
	public String other(String key) {
		this.loads.incrementAndGet();
		return "o-" + key;
	}

	@Cacheable(cacheNames = "slow", sync = true)
	public String slow(String key) throws InterruptedException {
		this.loads.incrementAndGet();
		Thread.sleep(200);
		return "slow-" + key;
	}

	@Cacheable("reactive")
	public Mono<String> mono(String key) {
		return Mono.fromSupplier(() -> {
			this.loads.incrementAndGet();
			return "mono-" + key;
		});
	}

	@CachePut(cacheNames = "reactive", key = "#key")
	public Mono<String> monoPut(String key, String value) {
		return Mono.fromSupplier(() -> value);
	}

	@CacheEvict(cacheNames = "reactive", key = "#key")
	public Mono<Void> monoEvict(String key) {
		return Mono.empty();
	}

	/** With {@code sync = true} Spring loads through {@code Cache.retrieve(key, loader)}: once per key. */
	@Cacheable(cacheNames = "reactive-sync", sync = true)
	public Mono<String> monoSync(String key) {
		return Mono.delay(java.time.Duration.ofMillis(100)).map(t -> {
			this.loads.incrementAndGet();
			return "mono-" + key;
		});
	}

	@Cacheable("reactive-flux")
	public Flux<String> flux(String key) {
		return Flux.defer(() -> {
			this.loads.incrementAndGet();
			return Flux.just(key, key + "!");
		});
	}

	@Cacheable("async")
	public CompletableFuture<String> future(String key) {
		return CompletableFuture.supplyAsync(() -> {
			this.loads.incrementAndGet();
			return "future-" + key;
		});
	}

}
