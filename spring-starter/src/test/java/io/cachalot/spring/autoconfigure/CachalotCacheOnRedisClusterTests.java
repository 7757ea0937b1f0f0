package io.cachalot.spring.autoconfigure;

import io.cachalot.spring.embedded.CachalotEmbeddedAutoConfiguration;
import io.cachalot.spring.embedded.EmbeddedCachalotServer;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cache on a Redis cluster (three masters started from this machine's redis-server;
 * skipped without it): values spread over the slots, and {@code allEntries} eviction scans
 * every master.
 */
class CachalotCacheOnRedisClusterTests {

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

		@Bean
		CacheService cacheService() {
			return new CacheService();
		}

	}

	@Test
	void cachesAndClearsAcrossTheCluster() throws Exception {
		assumeTrue(LocalRedisCluster.available(), "redis-server / redis-cli not installed");
		try (LocalRedisCluster cluster = new LocalRedisCluster()) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(CachalotEmbeddedAutoConfiguration.class,
						DataRedisAutoConfiguration.class, CircuitBreakerAutoConfiguration.class,
						CachalotCacheAutoConfiguration.class, CacheAutoConfiguration.class))
				.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues("spring.data.redis.cluster.nodes=" + cluster.nodes(), "cachalot.cache.timeout=2s")
				.run(context -> {
					assertThat(context).doesNotHaveBean(EmbeddedCachalotServer.class);
					CacheService service = context.getBean(CacheService.class);
					for (int i = 0; i < 300; i++) {
						service.rows().put(i, "p" + i);
						service.product(i);
					}
					service.other("keep");
					service.product(1);
					assertThat(service.loads()).isEqualTo(301);
					assertThat(cluster.keyCount()).isEqualTo(301);
					service.evictAllProducts();
					assertThat(cluster.keyCount()).isEqualTo(1);
					service.product(1);
					assertThat(service.loads()).isEqualTo(302);
				});
		}
	}

}
