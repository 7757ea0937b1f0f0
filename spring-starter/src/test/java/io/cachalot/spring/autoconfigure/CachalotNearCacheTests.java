package io.cachalot.spring.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.cachalot.spring.cache.CachalotCache;
import io.cachalot.spring.near.NearCache;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near cache against the embedded server's client tracking: repeated reads stay in the
 * JVM, a write by another client removes the near copy (the delay is measured and bounded),
 * a flush empties it, and it is off unless asked for.
 */
class CachalotNearCacheTests {

	private final ApplicationContextRunner runner = CacheTestSupport.cachingRunner();

	@Test
	void readsStayInTheJvmUntilAnotherClientWrites() {
		this.runner.withPropertyValues("cachalot.cache.near.enabled=true").run(context -> {
			NearCache near = context.getBean(NearCache.class);
			assertThat(near.isActive()).isTrue();
			CacheService service = context.getBean(CacheService.class);
			service.rows().put(1, "first");
			service.product(1);
			// the server's invalidation of our own write may still be on its way: let it land
			Thread.sleep(50);
			service.product(1);
			CachalotCache products = (CachalotCache) context.getBean(CacheManager.class).getCache("products");
			long before = products.getStatistics().nearHits();
			for (int i = 0; i < 5; i++) {
				assertThat(service.product(1).name()).isEqualTo("first");
			}
			assertThat(products.getStatistics().nearHits() - before).isEqualTo(5);
			assertThat(service.loads()).isEqualTo(1);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("cache.near.hits").tags("cache", "products").functionCounter().count())
				.isEqualTo(products.getStatistics().nearHits());

			// another client (another instance, an operator) deletes the key: the near copy must go
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			List<Long> delaysMicros = new ArrayList<>();
			for (int round = 0; round < 20; round++) {
				readUntilKeptNear(service, near);
				long start = System.nanoTime();
				redis.delete("cachalot:products::1");
				while (near.get("cachalot:products::1") != null) {
					assertThat(System.nanoTime() - start).as("invalidation delay").isLessThan(2_000_000_000L);
					Thread.onSpinWait();
				}
				delaysMicros.add((System.nanoTime() - start) / 1000);
			}
			Collections.sort(delaysMicros);
			System.out.println("near-cache invalidation delay after another client's DEL: median "
					+ delaysMicros.get(delaysMicros.size() / 2) + " us, max " + delaysMicros.get(delaysMicros.size() - 1)
					+ " us (20 rounds)");
			assertThat(delaysMicros.get(delaysMicros.size() / 2)).isLessThan(100_000L);

			service.rows().put(1, "second");
			assertThat(service.product(1).name()).isEqualTo("second");
			readUntilKeptNear(service, near);
			redis.getConnectionFactory().getConnection().serverCommands().flushAll();
			long deadline = System.currentTimeMillis() + 2_000;
			while (near.size() > 0) {
				assertThat(System.currentTimeMillis()).as("flush empties the near cache").isLessThan(deadline);
				Thread.sleep(1);
			}
		});
	}

	/** Reads product 1 until the JVM keeps it (the invalidation of our own write lands first). */
	private static void readUntilKeptNear(CacheService service, NearCache near) throws InterruptedException {
		long until = System.currentTimeMillis() + 2_000;
		while (near.get("cachalot:products::1") == null) {
			assertThat(System.currentTimeMillis()).as("value kept near").isLessThan(until);
			service.product(1);
			Thread.sleep(2);
		}
	}

	@Test
	void offUnlessEnabled() {
		this.runner.run(context -> assertThat(context).doesNotHaveBean(NearCache.class));
	}

}
