package io.cachalot.server.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One command's latency distribution, bucketed exactly as Redis 7.0's per-command
 * HdrHistogram (1 ns to 1 s, two significant digits), so LATENCY HISTOGRAM and INFO
 * latencystats show the same bucket bounds and percentile values Redis would for the same
 * timings (for example 6 µs reads back as {@code 6.015}).
 * <p>
 * The layout is HdrHistogram's: 256 sub-buckets per power of two (the lower half shared with
 * the previous one), so a value {@code v} in nanoseconds falls in bucket
 * {@code floor(log2(v | 255)) - 7} at sub-bucket {@code v >> bucket}; each slot stands for
 * {@code 2^bucket} equivalent values. Recording is one atomic increment.
 */
public final class LatencyHistogram {

	private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = 7;

	private static final int SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;

	private static final long SUB_BUCKET_MASK = (2L * SUB_BUCKET_HALF_COUNT) - 1;

	/** Redis's LATENCY_HISTOGRAM_MAX_VALUE: one second, in nanoseconds; longer calls count as one second. */
	static final long MAX_NANOS = 1_000_000_000L;

	/** Buckets needed to reach MAX_NANOS: 256 << 22 is the first value past it. */
	private static final int BUCKETS = 23;

	/** LATENCY HISTOGRAM's first reporting level (1024 ns, shown as 1 µs); each next one doubles. */
	private static final long FIRST_LEVEL_NANOS = 1024;

	private final AtomicLongArray counts = new AtomicLongArray((BUCKETS + 1) * SUB_BUCKET_HALF_COUNT);

	/** Adds one call that took {@code micros} microseconds. */
	public void record(long micros) {
		long nanos = Math.min(Math.max(micros, 0) * 1000, MAX_NANOS);
		this.counts.incrementAndGet(index(nanos));
	}

	/** Calls recorded. */
	public long total() {
		long total = 0;
		for (int i = 0; i < this.counts.length(); i++) {
			total += this.counts.get(i);
		}
		return total;
	}

	/**
	 * The cumulative distribution LATENCY HISTOGRAM replies: pairs of a bound in microseconds
	 * (1, 2, 4, 8, 16, 33, 66, ... — powers of two from 1024 ns, each at the top of its
	 * equivalence range) and the calls at or below it, for each bound where that count grows.
	 */
	public List<long[]> cumulativeDistribution() {
		List<long[]> out = new ArrayList<>();
		long total = total();
		long cumulative = 0;
		long reported = 0;
		int index = 0;
		for (long level = FIRST_LEVEL_NANOS; reported < total; level <<= 1) {
			long top = highestEquivalent(level);
			for (; index < this.counts.length() && valueAt(index) <= level; index++) {
				cumulative += this.counts.get(index);
			}
			if (cumulative > reported) {
				out.add(new long[] { top / 1000, cumulative });
				reported = cumulative;
			}
			if (index >= this.counts.length()) {
				break;
			}
		}
		return out;
	}

	/** HdrHistogram's value at a percentile, in nanoseconds: the top of the slot where it falls. */
	public long valueAtPercentile(double percentile) {
		double requested = Math.min(percentile, 100.0);
		long countAtPercentile = Math.max(1, (long) (((requested / 100) * total()) + 0.5));
		// a concurrent record may be missed; the loop still ends at the last slot
		long seen = 0;
		for (int i = 0; i < this.counts.length(); i++) {
			seen += this.counts.get(i);
			if (seen >= countAtPercentile) {
				long value = valueAt(i);
				return (percentile == 0.0) ? value : highestEquivalent(value);
			}
		}
		return 0;
	}

	static int index(long nanos) {
		int bucket = bucketOf(nanos);
		int subBucket = (int) (nanos >>> bucket);
		return ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + (subBucket - SUB_BUCKET_HALF_COUNT);
	}

	/** The lowest value a slot stands for. */
	static long valueAt(int index) {
		int bucket = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
		int subBucket = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
		if (bucket < 0) {
			subBucket -= SUB_BUCKET_HALF_COUNT;
			bucket = 0;
		}
		return ((long) subBucket) << bucket;
	}

	/** The highest value in the same slot as {@code nanos}. */
	static long highestEquivalent(long nanos) {
		int bucket = bucketOf(nanos);
		long lowest = (nanos >>> bucket) << bucket;
		return lowest + (1L << bucket) - 1;
	}

	private static int bucketOf(long nanos) {
		return 63 - Long.numberOfLeadingZeros(nanos | SUB_BUCKET_MASK) - SUB_BUCKET_HALF_COUNT_MAGNITUDE;
	}

}
