package io.cachalot.spring.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.cachalot.spring.embedded.EmbeddedCachalotServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distributed load lease: two application instances (two contexts on one server) that
 * miss the same key load it once, on the blocking and the reactive path; a lease whose holder
 * died only delays a load by the wait time.
 */
class CachalotCacheLeaseTests {

	private final ApplicationContextRunner runner = CacheTestSupport.cachingRunner()
		.withPropertyValues("cachalot.cache.lock.enabled=true", "cachalot.cache.lock.wait-time=5s");

	@Test
	void twoInstancesLoadAMissingKeyOnce() {
		this.runner.run(first -> {
			int port = first.getBean(EmbeddedCachalotServer.class).getPort();
			this.runner.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + port)
				.run(second -> {
					CacheService a = first.getBean(CacheService.class);
					CacheService b = second.getBean(CacheService.class);
					CompletableFuture<String> fromA = CompletableFuture.supplyAsync(() -> call(a, "shared"));
					CompletableFuture<String> fromB = CompletableFuture.supplyAsync(() -> call(b, "shared"));
					assertThat(fromA.get(10, TimeUnit.SECONDS)).isEqualTo("slow-shared");
					assertThat(fromB.get(10, TimeUnit.SECONDS)).isEqualTo("slow-shared");
					assertThat(a.loads() + b.loads()).isEqualTo(1);

					CompletableFuture<String> monoA = a.monoSync("m").toFuture();
					CompletableFuture<String> monoB = b.monoSync("m").toFuture();
					assertThat(monoA.get(10, TimeUnit.SECONDS)).isEqualTo("mono-m");
					assertThat(monoB.get(10, TimeUnit.SECONDS)).isEqualTo("mono-m");
					assertThat(a.loads() + b.loads()).isEqualTo(2);
				});
		});
	}

	@Test
	void aDeadHolderDelaysTheLoadByTheWaitTimeOnly() {
		this.runner.withPropertyValues("cachalot.cache.lock.wait-time=300ms").run(context -> {
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			// a lease taken by an instance that crashed before loading
			redis.opsForValue().set("cachalot:lock:slow::orphan", "dead-instance");
			CacheService service = context.getBean(CacheService.class);
			long start = System.nanoTime();
			assertThat(service.slow("orphan")).isEqualTo("slow-orphan");
			long millis = (System.nanoTime() - start) / 1_000_000;
			assertThat(millis).isBetween(300L, 3_000L);
			assertThat(service.loads()).isEqualTo(1);
		});
	}

	private static String call(CacheService service, String key) {
		try {
			return service.slow(key);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
