package io.cachalot.spring.autoconfigure;

import io.cachalot.spring.embedded.CachalotEmbeddedAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The application the cache tests run: the starter's auto-configurations and a cached service. */
final class CacheTestSupport {

	private CacheTestSupport() {
	}

	/** The auto-configurations an application with the starter gets, without caching enabled. */
	static ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
				CachalotEmbeddedAutoConfiguration.class, DataRedisAutoConfiguration.class,
				CircuitBreakerAutoConfiguration.class, CircuitBreakerMetricsAutoConfiguration.class,
				CachalotCacheAutoConfiguration.class, CacheAutoConfiguration.class, CachalotHealthAutoConfiguration.class));
	}

	/** {@link #runner()} with {@code @EnableCaching}, a {@link CacheService} and a meter registry. */
	static ApplicationContextRunner cachingRunner() {
		return runner().withUserConfiguration(CachingConfiguration.class);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

		@Bean
		CacheService cacheService() {
			return new CacheService();
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
