package io.cachalot.spring.autoconfigure;

import java.time.Duration;

import io.cachalot.spring.cache.CachalotCache;
import io.cachalot.spring.cache.CachalotCacheManager;
import io.cachalot.spring.cache.CachalotCacheProperties;
import io.cachalot.spring.cache.RedisCacheStore;
import io.cachalot.spring.cache.serializer.CacheValueSerializer;
import io.cachalot.spring.cache.serializer.JdkCacheValueSerializer;
import io.cachalot.spring.cache.serializer.JsonCacheValueSerializer;
import io.cachalot.spring.embedded.CachalotEmbeddedAutoConfiguration;
import io.cachalot.spring.metrics.CachalotCacheMeterBinder;
import io.cachalot.spring.metrics.CachalotServerMeterBinder;
import io.cachalot.spring.near.NearCache;
import io.cachalot.spring.near.TrackingInvalidations;
import io.cachalot.spring.resilience.CacheGuard;
import io.cachalot.spring.stampede.DistributedLease;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import io.lettuce.core.RedisClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Spring's cache annotations over any Redis-protocol server, through the connection Boot
 * configures from {@code spring.data.redis.*} (or the embedded Cachalot server): a
 * {@link CachalotCacheManager} behind a resilience4j circuit breaker (instance
 * {@code cachalot}), with metrics and a health contributor when Micrometer and Boot's health
 * support are present. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(after = { DataRedisAutoConfiguration.class, CachalotEmbeddedAutoConfiguration.class },
		afterName = "io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
		before = CacheAutoConfiguration.class)
@ConditionalOnClass({ CacheManager.class, ReactiveRedisConnectionFactory.class, CircuitBreaker.class })
@ConditionalOnBean({ CacheAspectSupport.class, ReactiveRedisConnectionFactory.class })
@EnableConfigurationProperties(CachalotCacheProperties.class)
public final class CachalotCacheAutoConfiguration {

	/** The circuit breaker instance every cache operation goes through. */
	public static final String BREAKER_NAME = "cachalot";

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	RedisCacheStore cachalotCacheStore(ReactiveRedisConnectionFactory connectionFactory) {
		return new RedisCacheStore(connectionFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	CacheValueSerializer cachalotCacheValueSerializer(CachalotCacheProperties properties) {
		return (properties.getSerialization() == CachalotCacheProperties.Serialization.JDK)
				? new JdkCacheValueSerializer(getClass().getClassLoader()) : new JsonCacheValueSerializer();
	}

	@Bean
	@ConditionalOnMissingBean
	CacheGuard cachalotCacheGuard(ObjectProvider<CircuitBreakerRegistry> registries, CachalotCacheProperties properties,
			RedisCacheStore store) {
		CircuitBreakerRegistry registry = registries.getIfAvailable(CircuitBreakerRegistry::ofDefaults);
		// resilience4j.circuitbreaker.instances.cachalot.* wins; otherwise defaults suited to a cache
		CircuitBreaker breaker = registry.find(BREAKER_NAME)
			.orElseGet(() -> registry.circuitBreaker(BREAKER_NAME, cacheBreakerDefaults(properties.getTimeout())));
		return new CacheGuard(breaker, properties.getTimeout(), store::ping);
	}

	/**
	 * A small count-based window that reacts within a few requests, slow calls (past the cache
	 * timeout) counted as failures, and a short open state that probes again on its own.
	 */
	static CircuitBreakerConfig cacheBreakerDefaults(Duration timeout) {
		return CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(20)
			.minimumNumberOfCalls(10)
			.failureRateThreshold(50)
			.slowCallDurationThreshold(timeout)
			.slowCallRateThreshold(80)
			.waitDurationInOpenState(Duration.ofSeconds(5))
			.permittedNumberOfCallsInHalfOpenState(3)
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.build();
	}

	@Bean
	@ConditionalOnMissingBean(CacheManager.class)
	CachalotCacheManager cacheManager(CachalotCacheProperties properties, RedisCacheStore store, CacheGuard guard,
			CacheValueSerializer serializer, ReactiveRedisConnectionFactory connectionFactory,
			ObjectProvider<NearCache> nearCache, ObjectProvider<CachalotCacheManagerCustomizer> customizers) {
		CachalotCacheProperties.Lock lock = properties.getLock();
		CachalotCache.LoadLease lease = lock.isEnabled() ? new CachalotCache.LoadLease(
				new DistributedLease(connectionFactory, lock.getLeaseTime()), lock.getWaitTime(), lock.getPollInterval())
				: null;
		CachalotCacheManager manager = new CachalotCacheManager(properties, store, guard, serializer, lease,
				nearCache.getIfAvailable());
		customizers.orderedStream().forEach(c -> c.customize(manager));
		return manager;
	}

	/** The near cache and the tracking connection that keeps it coherent. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "com.github.benmanes.caffeine.cache.Caffeine")
	@ConditionalOnProperty(prefix = "cachalot.cache.near", name = "enabled", havingValue = "true")
	static class NearCacheConfiguration {

		@Bean
		@ConditionalOnMissingBean
		NearCache cachalotNearCache(CachalotCacheProperties properties) {
			return new NearCache(properties.getNear().getMaxSize(), properties.getNear().getTtl());
		}

		@Bean(destroyMethod = "close")
		TrackingInvalidations cachalotNearCacheInvalidations(NearCache nearCache,
				ReactiveRedisConnectionFactory connectionFactory, CachalotCacheProperties properties) {
			RedisClient client = (connectionFactory instanceof LettuceConnectionFactory lettuce
					&& lettuce.getNativeClient() instanceof RedisClient standalone) ? standalone : null;
			TrackingInvalidations invalidations = new TrackingInvalidations(nearCache, client, properties.getKeyPrefix());
			invalidations.start();
			return invalidations;
		}

	}

	/** {@code host:port} of the cache server, for tags and health. */
	static String endpoint(ReactiveRedisConnectionFactory connectionFactory) {
		return (connectionFactory instanceof org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory lettuce)
				? lettuce.getHostName() + ":" + lettuce.getPort() : connectionFactory.getClass().getSimpleName();
	}

	/** Cache meters for every cache, including those created at runtime, and the server's own figures. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		SmartInitializingSingleton cachalotCacheMetricsBinder(ObjectProvider<MeterRegistry> registries,
				ObjectProvider<CachalotCacheManager> managers, RedisCacheStore store,
				ReactiveRedisConnectionFactory connectionFactory) {
			return () -> {
				MeterRegistry registry = registries.getIfUnique();
				if (registry == null) {
					return;
				}
				CachalotCacheManager manager = managers.getIfUnique();
				if (manager != null) {
					manager.addCacheListener(cache -> new CachalotCacheMeterBinder(cache, "cacheManager", Tags.empty())
						.bindTo(registry));
				}
				new CachalotServerMeterBinder(store, endpoint(connectionFactory), Duration.ofSeconds(5)).bindTo(registry);
			};
		}

	}

}
