package io.cachalot.spring.autoconfigure;

import io.cachalot.spring.embedded.EmbeddedCachalotServer;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cache on a Redis cluster (three masters started from this machine's redis-server;
 * skipped without it): values spread over the slots, and {@code allEntries} eviction scans
 * every master.
 */
class CachalotCacheOnRedisClusterTests {

	@Test
	void cachesAndClearsAcrossTheCluster() throws Exception {
		assumeTrue(LocalRedisCluster.available(), "redis-server / redis-cli not installed");
		try (LocalRedisCluster cluster = new LocalRedisCluster()) {
			CacheTestSupport.cachingRunner()
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
