package io.cachalot.server.store.eviction;

import io.cachalot.server.store.Keyspace;

/**
 * Keeps the keyspace under {@code maxmemory}: before a command runs while the dataset is
 * over the limit, keys are evicted by the configured policy, each chosen as the best of
 * {@code maxmemory-samples} random candidates (Redis's approximated LRU / LFU / TTL). The
 * work per command is bounded; if the limit cannot be met (noeviction, or no candidate
 * left) the caller refuses commands flagged {@code denyoom} with Redis's OOM error.
 */
public final class Evictor {

	/** Upper bound on keys evicted on behalf of one command. */
	private static final int MAX_EVICTIONS_PER_CALL = 4096;

	private final Keyspace keyspace;

	private volatile long maxmemory;

	private volatile EvictionPolicy policy = EvictionPolicy.NOEVICTION;

	private volatile int samples = 5;

	public Evictor(Keyspace keyspace) {
		this.keyspace = keyspace;
	}

	public void maxmemory(long bytes) {
		this.maxmemory = bytes;
	}

	public long maxmemory() {
		return this.maxmemory;
	}

	public void policy(EvictionPolicy policy) {
		this.policy = policy;
		this.keyspace.accessClock().lfu(policy.lfu());
	}

	public EvictionPolicy policy() {
		return this.policy;
	}

	public void samples(int samples) {
		this.samples = samples;
	}

	public int samples() {
		return this.samples;
	}

	/** Whether the dataset is over the limit. */
	public boolean overLimit() {
		long max = this.maxmemory;
		return max > 0 && this.keyspace.usedBytes() > max;
	}

	/**
	 * Evicts until the dataset fits or the per-call bound is reached. Returns true when the
	 * dataset is within the limit afterwards.
	 */
	public boolean makeRoom() {
		long max = this.maxmemory;
		if (max <= 0) {
			return true;
		}
		EvictionPolicy p = this.policy;
		if (p == EvictionPolicy.NOEVICTION) {
			return this.keyspace.usedBytes() <= max;
		}
		int evicted = 0;
		while (this.keyspace.usedBytes() > max) {
			if (evicted++ >= MAX_EVICTIONS_PER_CALL) {
				return false;
			}
			if (this.keyspace.evictOne(p.volatileOnly(), this.samples, p.scorer(this.keyspace)) < 0) {
				return false;
			}
		}
		return true;
	}

}
