package io.cachalot.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.cachalot.spring.cache.CachalotCache;
import io.cachalot.spring.cache.CachalotCacheManager;
import io.cachalot.spring.embedded.EmbeddedCachalotServer;
import io.cachalot.spring.health.CachalotHealthIndicator;
import io.cachalot.spring.resilience.CacheGuard;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The cache auto-configuration end to end against the embedded Cachalot server: Spring's
 * annotations (plain, sync, reactive, async), TTLs and per-cache settings, metrics for caches
 * created at runtime, deploy-safe values, clearing without KEYS, and the outage behaviour —
 * misses instead of errors, the breaker opening, and evictions replayed after a pause.
 */
class CachalotCacheAutoConfigurationTests {

	private final ApplicationContextRunner runner = CacheTestSupport.cachingRunner();

	@Test
	void annotatedMethodsAreCachedWithTtlAndPrefix() {
		this.runner.withPropertyValues("cachalot.cache.caches.products.ttl=30s").run(context -> {
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(CachalotCacheManager.class);
			CacheService service = context.getBean(CacheService.class);
			service.rows().put(1, "kettle");
			assertThat(service.product(1).name()).isEqualTo("kettle");
			assertThat(service.product(1)).isEqualTo(new CacheService.Product(1, "kettle", List.of("t1")));
			assertThat(service.loads()).isEqualTo(1);
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			assertThat(redis.hasKey("cachalot:products::1")).isTrue();
			assertThat(redis.getExpire("cachalot:products::1")).isBetween(26L, 30L);
			service.adhoc("a");
			// default TTL 1 h minus up to 10 % jitter
			assertThat(redis.getExpire("cachalot:adhoc::a")).isBetween(3230L, 3600L);
			// null results are cached too (as a marker), by default
			assertThat(service.product(404)).isNull();
			assertThat(service.product(404)).isNull();
			assertThat(service.loads()).isEqualTo(3);
			// @CachePut writes through, @CacheEvict removes
			service.rename(1, "teapot");
			assertThat(service.product(1).name()).isEqualTo("teapot");
			service.update(1, "pot");
			assertThat(service.product(1).name()).isEqualTo("pot");
			assertThat(service.loads()).isEqualTo(4);
		});
	}

	@Test
	void nullValuesCanBeLeftUncachedAndTtlJitterIsAFraction() {
		this.runner.withPropertyValues("cachalot.cache.cache-null-values=false", "cachalot.cache.default-ttl=100s",
				"cachalot.cache.ttl-jitter=0.5").run(context -> {
					CacheService service = context.getBean(CacheService.class);
					assertThat(service.product(404)).isNull();
					assertThat(service.product(404)).isNull();
					assertThat(service.loads()).isEqualTo(2);
					StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
					List<Long> ttls = new ArrayList<>();
					for (int i = 0; i < 20; i++) {
						service.adhoc("k" + i);
						ttls.add(redis.getExpire("cachalot:adhoc::k" + i));
					}
					assertThat(ttls).allMatch(t -> t >= 49 && t <= 100);
					assertThat(ttls.stream().distinct().count()).isGreaterThan(3);
				});
	}

	@Test
	void cachesCreatedAtRuntimeGetMetrics() {
		this.runner.run(context -> {
			CacheService service = context.getBean(CacheService.class);
			service.adhoc("x");
			service.adhoc("x");
			service.adhoc("y");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("cache.gets").tags("cache", "adhoc", "result", "hit").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("cache.gets").tags("cache", "adhoc", "result", "miss").functionCounter().count())
				.isEqualTo(2);
			assertThat(registry.get("cache.puts").tags("cache", "adhoc", "cache.manager", "cacheManager", "name", "adhoc")
				.functionCounter()
				.count()).isEqualTo(2);
			assertThat(registry.get("cache.hit.ratio").tags("cache", "adhoc").gauge().value()).isEqualTo(1.0 / 3);
			assertThat(registry.get("cache.gets.latency").tags("cache", "adhoc").timer().count()).isEqualTo(3);
			// the server's own figures, tagged by endpoint, arrive in the background
			long deadline = System.currentTimeMillis() + 5_000;
			while (Double.isNaN(registry.get("cachalot.server.used.memory").gauge().value())) {
				assertThat(System.currentTimeMillis()).isLessThan(deadline);
				Thread.sleep(20);
			}
			assertThat(registry.get("cachalot.server.used.memory").gauge().value()).isNotNegative();
			assertThat(registry.get("cachalot.server.connected.clients").gauge().value()).isGreaterThanOrEqualTo(1);
			assertThat(registry.get("cachalot.server.keyspace.hits").functionCounter().getId().getTag("endpoint"))
				.startsWith("127.0.0.1:");
		});
	}

	@Test
	void syncLoadsRunOncePerKeyUnderConcurrency() throws Exception {
		this.runner.run(context -> {
			CacheService service = context.getBean(CacheService.class);
			ExecutorService pool = Executors.newFixedThreadPool(16);
			try {
				List<Future<String>> results = new ArrayList<>();
				for (int i = 0; i < 16; i++) {
					results.add(pool.submit(() -> service.slow("hot")));
				}
				for (Future<String> r : results) {
					assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo("slow-hot");
				}
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(service.loads()).isEqualTo(1);
		});
	}

	@Test
	void reactiveSyncLoadsRunOncePerKeyUnderConcurrency() {
		this.runner.run(context -> {
			CacheService service = context.getBean(CacheService.class);
			List<java.util.concurrent.CompletableFuture<String>> calls = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				calls.add(service.monoSync("hot").toFuture());
			}
			for (java.util.concurrent.CompletableFuture<String> call : calls) {
				assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("mono-hot");
			}
			assertThat(service.loads()).isEqualTo(1);
		});
	}

	@Test
	void reactiveAndAsyncMethodsAreCached() {
		this.runner.run(context -> {
			CacheService service = context.getBean(CacheService.class);
			assertThat(service.mono("a").block()).isEqualTo("mono-a");
			assertThat(service.mono("a").block()).isEqualTo("mono-a");
			assertThat(service.flux("b").collectList().block()).containsExactly("b", "b!");
			assertThat(service.flux("b").collectList().block()).containsExactly("b", "b!");
			assertThat(service.future("c").get(5, TimeUnit.SECONDS)).isEqualTo("future-c");
			assertThat(service.future("c").get(5, TimeUnit.SECONDS)).isEqualTo("future-c");
			assertThat(service.loads()).isEqualTo(3);
		});
	}

	/**
	 * Spring calls the synchronous put and evict from the thread that completed the reactive
	 * method — here the client's I/O thread, which must never wait for its own reply: the
	 * writes go out without waiting, nothing times out, and they are seen in order.
	 */
	@Test
	void reactiveWritesNeverWaitOnTheClientsIoThread() {
		this.runner.run(context -> {
			CacheService service = context.getBean(CacheService.class);
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			CacheGuard guard = context.getBean(CacheGuard.class);
			for (int i = 0; i < 20; i++) {
				assertThat(service.mono("k" + i).block()).isEqualTo("mono-k" + i);
				assertThat(service.monoPut("k" + i, "put-" + i).block()).isEqualTo("put-" + i);
				assertThat(service.mono("k" + i).block()).isEqualTo("put-" + i);
				service.monoEvict("k" + i).block();
				assertThat(service.mono("k" + i).block()).isEqualTo("mono-k" + i);
			}
			assertThat(service.loads()).isEqualTo(40);
			assertThat(redis.hasKey("cachalot:reactive::k19")).isTrue();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.find("cachalot.cache.fallbacks").functionCounters())
				.allSatisfy(counter -> assertThat(counter.count()).isZero());
			assertThat(guard.breaker().getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	/** The outage switch: stopped, the server refuses connections; restarted, it is back, empty, on its port. */
	@Test
	void theEmbeddedServerStopsAndStartsAgainEmptyOnItsPort() {
		this.runner.run(context -> {
			EmbeddedCachalotServer server = context.getBean(EmbeddedCachalotServer.class);
			int port = server.getPort();
			RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				connection.sync().set("survives", "no");
			}
			server.stop();
			assertThat(server.isRunning()).isFalse();
			assertThat(catchThrowable(client::connect)).isInstanceOf(io.lettuce.core.RedisConnectionException.class);
			server.restart();
			assertThat(server.isRunning()).isTrue();
			assertThat(server.getPort()).isEqualTo(port);
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				assertThat(connection.sync().ping()).isEqualTo("PONG");
				assertThat(connection.sync().get("survives")).isNull();
			}
			finally {
				client.shutdown();
			}
		});
	}

	/**
	 * Recovery does not wait for traffic: hot keys may all be answered by the near cache, so
	 * the guard itself probes a half-open breaker, and a server that is back closes it.
	 */
	@Test
	void aServerThatIsBackClosesTheBreakerWithoutApplicationTraffic() {
		this.runner
			.withPropertyValues("cachalot.cache.timeout=100ms",
					"resilience4j.circuitbreaker.instances.cachalot.minimum-number-of-calls=4",
					"resilience4j.circuitbreaker.instances.cachalot.sliding-window-size=4",
					"resilience4j.circuitbreaker.instances.cachalot.wait-duration-in-open-state=300ms",
					"resilience4j.circuitbreaker.instances.cachalot.automatic-transition-from-open-to-half-open-enabled=true")
			.run(context -> {
				CacheService service = context.getBean(CacheService.class);
				CircuitBreaker breaker = context.getBean(CacheGuard.class).breaker();
				EmbeddedCachalotServer server = context.getBean(EmbeddedCachalotServer.class);
				server.stop();
				for (int i = 0; i < 6; i++) {
					assertThat(service.adhoc("k" + i)).isEqualTo("v-k" + i);
				}
				assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
				server.restart();
				long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
				while (breaker.getState() != CircuitBreaker.State.CLOSED) {
					assertThat(System.nanoTime()).as("breaker closed, now %s", breaker.getState()).isLessThan(deadline);
					Thread.sleep(50);
				}
				assertThat(service.adhoc("after")).isEqualTo("v-after");
				assertThat(context.getBean(CachalotHealthIndicator.class).health(true).getStatus()).isEqualTo(Status.UP);
			});
	}

	@Test
	void aValueThatNoLongerReadsIsAMissDeletedAndCounted() {
		this.runner.run(context -> {
			CacheService service = context.getBean(CacheService.class);
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			// what an older deploy might have left: another format, or a class that is gone
			redis.opsForValue().set("cachalot:adhoc::old", "not what this version writes");
			redis.opsForValue().set("cachalot:adhoc::gone",
					"\u00caJ\u0001{\"@class\":\"com.example.Removed\",\"x\":1}");
			assertThat(service.adhoc("old")).isEqualTo("v-old");
			assertThat(service.adhoc("gone")).isEqualTo("v-gone");
			assertThat(service.loads()).isEqualTo(2);
			assertThat(service.adhoc("old")).isEqualTo("v-old");
			assertThat(service.loads()).isEqualTo(2);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("cachalot.cache.unreadable").tags("cache", "adhoc").functionCounter().count())
				.isEqualTo(2);
		});
	}

	@Test
	void evictingAllEntriesClearsOnlyThatCache() {
		this.runner.run(context -> {
			CacheService service = context.getBean(CacheService.class);
			for (int i = 0; i < 1200; i++) {
				service.rows().put(i, "p" + i);
				service.product(i);
			}
			service.other("keep");
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			service.evictAllProducts();
			assertThat(redis.keys("cachalot:products::*")).isEmpty();
			assertThat(redis.hasKey("cachalot:other::keep")).isTrue();
		});
	}

	@Test
	void aPausedServerMeansMissesAndEvictionsAreReplayedWhenItAnswers() {
		this.runner.withPropertyValues("cachalot.cache.timeout=100ms").run(context -> {
			CacheService service = context.getBean(CacheService.class);
			CachalotCacheManager manager = context.getBean(CachalotCacheManager.class);
			service.rows().put(7, "old name");
			assertThat(service.product(7).name()).isEqualTo("old name");
			int port = context.getBean(EmbeddedCachalotServer.class).getPort();
			RedisClient admin = RedisClient.create("redis://127.0.0.1:" + port);
			try (StatefulRedisConnection<String, String> connection = admin.connect()) {
				connection.sync().clientPause(1500);
				// the database changes and the evict cannot reach the server
				service.update(7, "new name");
				assertThat(manager.getPendingEvictions().isEmpty()).isFalse();
				// reads do not fail and never return the entry that should be gone
				assertThat(service.product(7).name()).isEqualTo("new name");
				assertThat(service.product(7).name()).isEqualTo("new name");
				Thread.sleep(1600);
				// the server answers again: the first success replays the evict
				awaitReplay(service, manager);
				assertThat(connection.sync().get("cachalot:products::7")).satisfiesAnyOf(
						v -> assertThat(v).isNull(), v -> assertThat(v).contains("new name"));
				assertThat(service.product(7).name()).isEqualTo("new name");
			}
			finally {
				admin.shutdown();
			}
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("cachalot.cache.fallbacks").tags("cache", "products", "operation", "evict", "reason",
					"timeout").functionCounter().count()).isEqualTo(1);
			// reads of the key with a pending evict were misses without asking the server; the puts timed out
			assertThat(registry.find("cachalot.cache.fallbacks").tags("cache", "products", "operation", "put")
				.functionCounters()
				.stream()
				.mapToDouble(c -> c.count())
				.sum()).isGreaterThanOrEqualTo(1);
		});
	}

	private static void awaitReplay(CacheService service, CachalotCacheManager manager) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 5_000;
		while (!manager.getPendingEvictions().isEmpty()) {
			assertThat(System.currentTimeMillis()).as("evictions replayed").isLessThan(deadline);
			service.adhoc("probe");
			Thread.sleep(20);
		}
	}

	@Test
	void aDownServerOpensTheBreakerAndTheApplicationCarriesOn() {
		this.runner
			.withPropertyValues("cachalot.cache.timeout=100ms",
					"resilience4j.circuitbreaker.instances.cachalot.minimum-number-of-calls=4",
					"resilience4j.circuitbreaker.instances.cachalot.sliding-window-size=4",
					"resilience4j.circuitbreaker.instances.cachalot.wait-duration-in-open-state=60s")
			.run(context -> {
				CacheService service = context.getBean(CacheService.class);
				CachalotCacheManager manager = context.getBean(CachalotCacheManager.class);
				CachalotHealthIndicator health = context.getBean(CachalotHealthIndicator.class);
				assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
				assertThat(health.health(true).getDetails()).containsKeys("endpoint", "breaker", "latencyMillis");
				context.getBean(EmbeddedCachalotServer.class).close();
				for (int i = 0; i < 10; i++) {
					assertThat(service.adhoc("k" + i)).isEqualTo("v-k" + i);
				}
				assertThat(manager.getGuard().breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
				long start = System.nanoTime();
				assertThat(service.adhoc("fast")).isEqualTo("v-fast");
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("cachalot.cache.fallbacks").tags("cache", "adhoc", "operation", "get", "reason",
						"breaker-open").functionCounter().count()).isGreaterThan(0);
				assertThat(health.health(true).getStatus()).isEqualTo(CachalotHealthIndicator.DEGRADED);
				// Boot's default aggregation leaves DEGRADED out: the application is not DOWN
				assertThat(org.springframework.boot.health.actuate.endpoint.StatusAggregator.getDefault()
					.getAggregateStatus(java.util.Set.of(Status.UP, CachalotHealthIndicator.DEGRADED))).isEqualTo(Status.UP);
				CachalotCache cache = (CachalotCache) manager.getCache("adhoc");
				assertThat(cache.getStatistics().fallbacks("put", "breaker-open")).isGreaterThan(0);
			});
	}

}
