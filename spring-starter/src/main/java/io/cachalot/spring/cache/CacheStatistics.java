package io.cachalot.spring.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * What one cache counts: hits, misses, puts, removals (and evictions among them), values that
 * could no longer be read, and fallbacks by operation and reason. Metrics read these counters;
 * get latencies go to a listener the metrics install.
 */
public final class CacheStatistics {

	/** Operations that can fall back, as the {@code operation} tag names them. */
	public static final String[] OPERATIONS = { "get", "put", "evict", "clear" };

	final LongAdder hits = new LongAdder();

	final LongAdder misses = new LongAdder();

	final LongAdder puts = new LongAdder();

	final LongAdder evictions = new LongAdder();

	final LongAdder removals = new LongAdder();

	final LongAdder unreadable = new LongAdder();

	final LongAdder nearHits = new LongAdder();

	private final Map<String, LongAdder> fallbacks = new ConcurrentHashMap<>();

	private volatile LongConsumer getLatencyNanos = nanos -> {
	};

	public long hits() {
		return this.hits.sum();
	}

	public long misses() {
		return this.misses.sum();
	}

	public long puts() {
		return this.puts.sum();
	}

	/** Entries removed by evict / evictIfPresent. */
	public long evictions() {
		return this.evictions.sum();
	}

	/** Entries removed for any reason (evicts, clears, unreadable values). */
	public long removals() {
		return this.removals.sum();
	}

	/** Stored values that could not be read any more (and were deleted). */
	public long unreadable() {
		return this.unreadable.sum();
	}

	/** Hits answered by the near cache, without asking the server (included in {@link #hits()}). */
	public long nearHits() {
		return this.nearHits.sum();
	}

	/** Hits over lookups, NaN before the first lookup. */
	public double hitRatio() {
		long h = hits();
		long total = h + misses();
		return (total == 0) ? Double.NaN : (double) h / total;
	}

	/** Fallbacks of {@code operation} for {@code reason} (see {@link #OPERATIONS}). */
	public long fallbacks(String operation, String reason) {
		LongAdder a = this.fallbacks.get(operation + '|' + reason);
		return (a == null) ? 0 : a.sum();
	}

	void fallback(String operation, String reason) {
		this.fallbacks.computeIfAbsent(operation + '|' + reason, k -> new LongAdder()).increment();
	}

	void getLatency(long nanos) {
		this.getLatencyNanos.accept(nanos);
	}

	/** Where get latencies go (the metrics' timer). */
	public void onGetLatency(LongConsumer listener) {
		this.getLatencyNanos = listener;
	}

}
