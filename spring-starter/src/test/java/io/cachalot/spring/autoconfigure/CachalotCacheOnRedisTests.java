package io.cachalot.spring.autoconfigure;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.UUID;

import io.cachalot.spring.embedded.EmbeddedCachalotServer;
import io.cachalot.spring.near.NearCache;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The starter over a real Redis (the reference server on 127.0.0.1:6379, database 13, a key
 * prefix of its own; skipped when none answers): the same cache behaviour, and the near
 * cache on Redis's client tracking. Configuring {@code spring.data.redis.*} keeps the
 * embedded server from starting.
 */
class CachalotCacheOnRedisTests {

	private final ApplicationContextRunner runner = CacheTestSupport.cachingRunner();

	@Test
	void cachesOnRedisWithTheNearCache() {
		assumeTrue(redisAnswers(), "no Redis on 127.0.0.1:6379");
		String prefix = "cachalot-starter-test:" + UUID.randomUUID() + ":";
		this.runner
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=6379",
					"spring.data.redis.database=13", "cachalot.cache.key-prefix=" + prefix, "cachalot.cache.near.enabled=true")
			.run(context -> {
				assertThat(context).doesNotHaveBean(EmbeddedCachalotServer.class);
				assertThat(context.getBean(NearCache.class).isActive()).isTrue();
				CacheService service = context.getBean(CacheService.class);
				StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
				try {
					service.rows().put(3, "on redis");
					assertThat(service.product(3).name()).isEqualTo("on redis");
					assertThat(service.product(3).name()).isEqualTo("on redis");
					assertThat(service.loads()).isEqualTo(1);
					assertThat(redis.hasKey(prefix + "products::3")).isTrue();
					assertThat(redis.getExpire(prefix + "products::3")).isPositive();
					service.evictAllProducts();
					assertThat(redis.hasKey(prefix + "products::3")).isFalse();
				}
				finally {
					redis.delete(redis.keys(prefix + "*"));
				}
			});
	}

	private static boolean redisAnswers() {
		try (Socket s = new Socket()) {
			s.connect(new InetSocketAddress("127.0.0.1", 6379), 300);
			return true;
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

}
