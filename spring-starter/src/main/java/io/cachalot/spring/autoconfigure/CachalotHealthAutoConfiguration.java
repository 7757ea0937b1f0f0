package io.cachalot.spring.autoconfigure;

import io.cachalot.spring.cache.CachalotCacheManager;
import io.cachalot.spring.cache.RedisCacheStore;
import io.cachalot.spring.health.CachalotHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/**
 * The {@code cachalot} health contributor, when Boot's health support is present and the
 * Cachalot cache manager is in use: the cache's endpoint, breaker state and latency; an
 * outage reads {@code DEGRADED} (or {@code DOWN} with {@code cachalot.health.outage-status}).
 */
@AutoConfiguration(after = CachalotCacheAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(CachalotCacheManager.class)
@ConditionalOnProperty(prefix = "cachalot.health", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(CachalotHealthProperties.class)
public final class CachalotHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "cachalotHealthIndicator")
	CachalotHealthIndicator cachalotHealthIndicator(RedisCacheStore store, CachalotCacheManager cacheManager,
			ReactiveRedisConnectionFactory connectionFactory, CachalotHealthProperties properties) {
		String endpoint = CachalotCacheAutoConfiguration.endpoint(connectionFactory);
		Status outage = "DOWN".equalsIgnoreCase(properties.getOutageStatus()) ? Status.DOWN
				: CachalotHealthIndicator.DEGRADED;
		return new CachalotHealthIndicator(store, cacheManager, endpoint, outage);
	}

}
