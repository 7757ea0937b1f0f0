package io.cachalot.server.store.eviction;

import io.cachalot.server.store.Keyspace;
import io.cachalot.server.store.MemoryGauge;

/**
 * Keeps the keyspace under {@code maxmemory} (and, when that is 0, under a share of the JVM
 * heap, so the process never runs out of heap): before a command runs while the dataset is
 * over the limit, keys are evicted by the configured policy, each chosen as the best of
 * {@code maxmemory-samples} random candidates (Redis's approximated LRU / LFU / TTL). The
 * work per command is bounded; if the limit cannot be met (noeviction, or no candidate
 * left) the caller refuses commands flagged {@code denyoom} with Redis's OOM error.
 */
public final class Evictor {

	/**
	 * Share of the JVM's maximum heap the dataset may use when {@code maxmemory} is 0, so that
	 * "no limit" can never mean an OutOfMemoryError on an event loop.
	 */
	static final double HEAP_GUARD = 0.8;

	private static final long HEAP_LIMIT = (long) (Runtime.getRuntime().maxMemory() * HEAP_GUARD);

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

	/**
	 * The limit in force: {@code maxmemory}, or when that is 0, {@value #HEAP_GUARD} of the
	 * JVM's maximum heap.
	 */
	public long effectiveLimit() {
		long max = this.maxmemory;
		return (max > 0) ? max : HEAP_LIMIT;
	}

	/**
	 * Whether the dataset may be over the limit: one read of the keyspace's gauge, confirmed
	 * with the exact sum only when the gauge comes within its error of the limit.
	 */
	public boolean overLimit() {
		long limit = effectiveLimit();
		MemoryGauge gauge = this.keyspace.gauge();
		if (gauge.approximate() + gauge.maxError(this.keyspace.stripeCount()) <= limit) {
			return false;
		}
		return this.keyspace.usedBytes() > limit;
	}

	/**
	 * Evicts until the dataset fits or the per-call bound is reached. Returns true when the
	 * dataset is within the limit afterwards.
	 */
	public boolean makeRoom() {
		long max = effectiveLimit();
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
