package io.cachalot.spring.autoconfigure;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

import io.cachalot.spring.cache.CachalotCache;
import io.cachalot.spring.cache.CachalotCacheManager;
import io.cachalot.spring.cache.serializer.CacheValueSerializer;
import io.cachalot.spring.cache.serializer.JdkCacheValueSerializer;
import io.cachalot.spring.embedded.EmbeddedCachalotServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot conventions: every bean backs off for the application's own, customizers apply,
 * JDK serialization is one property away, nothing happens without {@code @EnableCaching}, the
 * resilience4j breaker metrics appear, and a service connection (Testcontainers, docker
 * compose) keeps the embedded server from starting.
 */
class CachalotCacheConventionsTests {

	private final ApplicationContextRunner runner = CacheTestSupport.runner();

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class OwnCacheManagerConfiguration {

		@Bean
		CacheManager cacheManager() {
			return new ConcurrentMapCacheManager();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		static final AtomicInteger CALLS = new AtomicInteger();

		@Bean
		CachalotCacheManagerCustomizer countingCustomizer() {
			return manager -> {
				CALLS.incrementAndGet();
				manager.addCacheListener(cache -> { });
			};
		}

	}

	/** A value only Java serialization can store as is. */
	record Token(String value) implements Serializable {
	}

	@Test
	void backsOffForTheApplicationsOwnCacheManager() {
		this.runner.withUserConfiguration(OwnCacheManagerConfiguration.class).run(context -> {
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
			assertThat(context).doesNotHaveBean(CachalotCacheManager.class);
		});
	}

	@Test
	void nothingWithoutEnableCaching() {
		this.runner.run(context -> assertThat(context).doesNotHaveBean(CachalotCacheManager.class));
	}

	@Test
	void customizersApplyAndSerializationCanBeJdk() {
		this.runner.withUserConfiguration(CacheTestSupport.CachingConfiguration.class, CustomizerConfiguration.class)
			.withPropertyValues("cachalot.cache.serialization=jdk")
			.run(context -> {
				assertThat(CustomizerConfiguration.CALLS.get()).isPositive();
				CachalotCacheManager manager = context.getBean(CachalotCacheManager.class);
				assertThat(context.getBean(CacheValueSerializer.class)).isInstanceOf(JdkCacheValueSerializer.class);
				CachalotCache cache = (CachalotCache) manager.getCache("tokens");
				cache.put("t", new Token("secret"));
				assertThat(cache.get("t", Token.class)).isEqualTo(new Token("secret"));
			});
	}

	@Test
	void breakerMetricsArePublished() {
		this.runner.withUserConfiguration(CacheTestSupport.CachingConfiguration.class).run(context -> {
			context.getBean(CacheService.class).adhoc("x");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("resilience4j.circuitbreaker.state").tag("name", "cachalot").gauges()).isNotEmpty();
		});
	}

	@Test
	void aServiceConnectionKeepsTheEmbeddedServerFromStarting() {
		this.runner.withUserConfiguration(CacheTestSupport.CachingConfiguration.class)
			.withBean(DataRedisConnectionDetails.class, () -> new DataRedisConnectionDetails() {
				@Override
				public Standalone getStandalone() {
					return Standalone.of("127.0.0.1", 6379);
				}
			})
			.run(context -> assertThat(context).doesNotHaveBean(EmbeddedCachalotServer.class));
	}

}
