package io.cachalot.spring.cache;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Cache-aside over a Redis-protocol server: how long entries live, how they are keyed and
 * serialized, and how long a cache operation may take before the application goes to its
 * database instead.
 */
@ConfigurationProperties("cachalot.cache")
public class CachalotCacheProperties {

	/**
	 * Longest time one cache operation may take; past it the operation counts as failed and
	 * the application carries on without the cache. Independent of the Redis client's own
	 * command timeout.
	 */
	private Duration timeout = Duration.ofMillis(250);

	/** Time to live of entries, for caches without their own; zero or negative for no expiry. */
	private Duration defaultTtl = Duration.ofHours(1);

	/**
	 * Random spread of each entry's time to live, as a fraction of it (0.1: up to 10 %
	 * shorter), so entries written together do not all expire together.
	 */
	private double ttlJitter = 0.1;

	/** Whether a method's null result is cached (as a marker) rather than recomputed each time. */
	private boolean cacheNullValues = true;

	/** Prefix of every key; a cache's keys are {@code <prefix><cache>::<key>}. */
	private String keyPrefix = "cachalot:";

	/** How values are written: {@code json} (Jackson, with type information) or {@code jdk} (Java serialization). */
	private Serialization serialization = Serialization.JSON;

	/** Per-cache overrides, by cache name. */
	private Map<String, CacheSpec> caches = new LinkedHashMap<>();

	/** A per-key lease across application instances, so only one of them loads a missing value. */
	private final Lock lock = new Lock();

	/** An in-process first level (Caffeine), kept coherent by the server's invalidation messages. */
	private final Near near = new Near();

	/** The near cache. */
	public static class Near {

		/**
		 * Whether values read from the server are also kept in this JVM (needs Caffeine and a
		 * server with RESP3 client tracking; without it the near cache stays off and says so).
		 */
		private boolean enabled;

		/** Most entries kept, over all caches. */
		private long maxSize = 10_000;

		/** Longest time an entry stays, even without an invalidation. */
		private Duration ttl = Duration.ofMinutes(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public long getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(long maxSize) {
			this.maxSize = maxSize;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

	}

	/** The distributed load lease. */
	public static class Lock {

		/** Whether loads of a missing key take a lease first (SET NX PX), so other instances wait for its value. */
		private boolean enabled;

		/** How long a lease lasts: a holder that dies frees the key after this. */
		private Duration leaseTime = Duration.ofSeconds(10);

		/** Longest time to wait for another instance's load before loading anyway. */
		private Duration waitTime = Duration.ofSeconds(3);

		/** How often a waiting instance looks for the value. */
		private Duration pollInterval = Duration.ofMillis(25);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getLeaseTime() {
			return this.leaseTime;
		}

		public void setLeaseTime(Duration leaseTime) {
			this.leaseTime = leaseTime;
		}

		public Duration getWaitTime() {
			return this.waitTime;
		}

		public void setWaitTime(Duration waitTime) {
			this.waitTime = waitTime;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

	}

	/** Value formats. */
	public enum Serialization {

		/** JSON through Jackson, with each value's class recorded. */
		JSON,

		/** Java serialization; values must be {@link java.io.Serializable}. */
		JDK

	}

	/** Settings of one named cache; anything left unset follows the defaults above. */
	public static class CacheSpec {

		/** Time to live of this cache's entries. */
		private Duration ttl;

		/** Random spread of this cache's time to live, as a fraction of it. */
		private Double ttlJitter;

		/** Whether null results are cached in this cache. */
		private Boolean cacheNullValues;

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public Double getTtlJitter() {
			return this.ttlJitter;
		}

		public void setTtlJitter(Double ttlJitter) {
			this.ttlJitter = ttlJitter;
		}

		public Boolean getCacheNullValues() {
			return this.cacheNullValues;
		}

		public void setCacheNullValues(Boolean cacheNullValues) {
			this.cacheNullValues = cacheNullValues;
		}

	}

	/** The settings of cache {@code name}: its overrides on top of the defaults. */
	public CacheSettings settingsFor(String name) {
		CacheSpec spec = this.caches.getOrDefault(name, new CacheSpec());
		Duration ttl = (spec.getTtl() != null) ? spec.getTtl() : this.defaultTtl;
		double jitter = (spec.getTtlJitter() != null) ? spec.getTtlJitter() : this.ttlJitter;
		boolean nulls = (spec.getCacheNullValues() != null) ? spec.getCacheNullValues() : this.cacheNullValues;
		return new CacheSettings(ttl, jitter, nulls);
	}

	public Near getNear() {
		return this.near;
	}

	public Lock getLock() {
		return this.lock;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getDefaultTtl() {
		return this.defaultTtl;
	}

	public void setDefaultTtl(Duration defaultTtl) {
		this.defaultTtl = defaultTtl;
	}

	public double getTtlJitter() {
		return this.ttlJitter;
	}

	public void setTtlJitter(double ttlJitter) {
		this.ttlJitter = ttlJitter;
	}

	public boolean isCacheNullValues() {
		return this.cacheNullValues;
	}

	public void setCacheNullValues(boolean cacheNullValues) {
		this.cacheNullValues = cacheNullValues;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Serialization getSerialization() {
		return this.serialization;
	}

	public void setSerialization(Serialization serialization) {
		this.serialization = serialization;
	}

	public Map<String, CacheSpec> getCaches() {
		return this.caches;
	}

	public void setCaches(Map<String, CacheSpec> caches) {
		this.caches = caches;
	}

}
