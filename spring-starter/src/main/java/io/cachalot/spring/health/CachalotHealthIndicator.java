package io.cachalot.spring.health;

import java.time.Duration;

import io.cachalot.spring.cache.CachalotCacheManager;
import io.cachalot.spring.cache.RedisCacheStore;
import io.cachalot.spring.resilience.CacheGuard;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code cachalot} health contributor: pings the cache server (with the cache timeout) and
 * reports the endpoint, the circuit breaker's state, the ping latency and the evictions
 * waiting for replay. A cache outage is {@code DEGRADED} — a status the default health
 * aggregation leaves out, so the application stays UP while the database answers — unless
 * {@code cachalot.health.outage-status} asks for {@code DOWN}.
 */
public class CachalotHealthIndicator extends AbstractHealthIndicator {

	/** The status of a cache outage by default. */
	public static final Status DEGRADED = new Status("DEGRADED", "the cache is unavailable; the application works without it");

	private final RedisCacheStore store;

	private final CachalotCacheManager cacheManager;

	private final String endpoint;

	private final Status outageStatus;

	public CachalotHealthIndicator(RedisCacheStore store, CachalotCacheManager cacheManager, String endpoint,
			Status outageStatus) {
		super("Cachalot health check failed");
		this.store = store;
		this.cacheManager = cacheManager;
		this.endpoint = endpoint;
		this.outageStatus = outageStatus;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		CacheGuard guard = this.cacheManager.getGuard();
		builder.withDetail("endpoint", this.endpoint)
			.withDetail("breaker", guard.breaker().getState().name())
			.withDetail("pendingEvictions", !this.cacheManager.getPendingEvictions().isEmpty());
		long start = System.nanoTime();
		try {
			this.store.ping().block(guard.timeout().plus(Duration.ofMillis(50)));
			builder.withDetail("latencyMillis", (System.nanoTime() - start) / 1_000_000.0);
			builder.status(guard.isAvailable() ? Status.UP : this.outageStatus);
		}
		catch (RuntimeException ex) {
			builder.status(this.outageStatus).withDetail("error", String.valueOf(ex.getMessage()));
		}
	}

}
