package io.cachalot.spring.cache;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The resolved settings of one cache.
 *
 * @param ttl time to live of entries; zero or negative for none
 * @param ttlJitter fraction of the TTL by which an entry may live shorter, at random
 * @param cacheNullValues whether null results are stored
 */
public record CacheSettings(Duration ttl, double ttlJitter, boolean cacheNullValues) {

	public CacheSettings {
		if (ttlJitter < 0 || ttlJitter >= 1) {
			throw new IllegalArgumentException("ttl-jitter must be in [0, 1): " + ttlJitter);
		}
	}

	/** The TTL to write an entry with, jitter applied; null for no expiry. */
	public Duration nextTtl() {
		if (this.ttl == null || this.ttl.isZero() || this.ttl.isNegative()) {
			return null;
		}
		long millis = this.ttl.toMillis();
		long spread = (long) (millis * this.ttlJitter);
		long shorter = (spread > 0) ? ThreadLocalRandom.current().nextLong(spread + 1) : 0;
		return Duration.ofMillis(Math.max(1, millis - shorter));
	}

}
