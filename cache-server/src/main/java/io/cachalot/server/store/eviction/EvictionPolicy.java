package io.cachalot.server.store.eviction;

import java.util.concurrent.ThreadLocalRandom;

import io.cachalot.server.store.Keyspace;
import io.cachalot.server.store.Keyspace.EvictionScorer;

/**
 * The eight {@code maxmemory-policy} values. Each says which keys are candidates (all, or
 * only those with a TTL) and how a sampled candidate is scored: the highest score is
 * evicted first.
 */
public enum EvictionPolicy {

	NOEVICTION("noeviction", false, null),
	ALLKEYS_LRU("allkeys-lru", false, EvictionPolicy::idle),
	ALLKEYS_LFU("allkeys-lfu", false, null),
	ALLKEYS_RANDOM("allkeys-random", false, EvictionPolicy::random),
	VOLATILE_LRU("volatile-lru", true, EvictionPolicy::idle),
	VOLATILE_LFU("volatile-lfu", true, null),
	VOLATILE_RANDOM("volatile-random", true, EvictionPolicy::random),
	VOLATILE_TTL("volatile-ttl", true, (access, expireAt, now) -> -expireAt);

	private final String configName;

	private final boolean volatileOnly;

	private final EvictionScorer scorer;

	EvictionPolicy(String configName, boolean volatileOnly, EvictionScorer scorer) {
		this.configName = configName;
		this.volatileOnly = volatileOnly;
		this.scorer = scorer;
	}

	public String configName() {
		return this.configName;
	}

	public boolean volatileOnly() {
		return this.volatileOnly;
	}

	public boolean lfu() {
		return this == ALLKEYS_LFU || this == VOLATILE_LFU;
	}

	/** The scorer; LFU policies score by the keyspace's decayed counter. */
	EvictionScorer scorer(Keyspace keyspace) {
		if (lfu()) {
			return (access, expireAt, now) -> 255 - keyspace.lfuCounter(access, now);
		}
		return this.scorer;
	}

	public static EvictionPolicy byName(String name) {
		for (EvictionPolicy p : values()) {
			if (p.configName.equalsIgnoreCase(name)) {
				return p;
			}
		}
		return null;
	}

	private static long idle(int access, long expireAt, long now) {
		return Keyspace.idleSeconds(access, now);
	}

	private static long random(int access, long expireAt, long now) {
		return ThreadLocalRandom.current().nextLong();
	}

}
