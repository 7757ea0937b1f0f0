package io.cachalot.server.command;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The histogram reads back what Redis 7.0's HdrHistogram reads back for the same timings:
 * the figures below were taken from a real Redis (LATENCY HISTOGRAM and INFO latencystats).
 */
class LatencyHistogramTest {

	@Test
	void percentilesAreTheTopsOfHdrHistogramSlots() {
		LatencyHistogram h = new LatencyHistogram();
		h.record(6);
		assertThat(h.valueAtPercentile(50) / 1000.0).isEqualTo(6.015);
		LatencyHistogram one = new LatencyHistogram();
		one.record(1);
		assertThat(one.valueAtPercentile(99.9) / 1000.0).isEqualTo(1.003);
		LatencyHistogram spread = new LatencyHistogram();
		for (long micros : new long[] { 1, 2, 4, 5, 14, 51, 78, 112, 540 }) {
			spread.record(micros);
		}
		// the 5th of 9 calls (50 % of 9, rounded half up): 14 µs
		assertThat(spread.valueAtPercentile(50) / 1000.0).isEqualTo(14.015);
		assertThat(spread.valueAtPercentile(40) / 1000.0).isEqualTo(5.023);
		assertThat(spread.valueAtPercentile(100) / 1000.0).isEqualTo(540.671);
		assertThat(spread.valueAtPercentile(0)).isEqualTo(1000);
	}

	@Test
	void theDistributionIsCumulativeAtRedissBounds() {
		LatencyHistogram h = new LatencyHistogram();
		// 0 and 1 µs are at or below the first bound (1031 ns); 3 and 4 µs below 4127 ns; 33 µs is still "33"
		for (long micros : new long[] { 0, 1, 2, 3, 4, 33, 34, 2_000_000 }) {
			h.record(micros);
		}
		List<long[]> cdf = h.cumulativeDistribution();
		assertThat(cdf).extracting(pair -> pair[0]).containsExactly(1L, 2L, 4L, 33L, 66L, 1082130L);
		assertThat(cdf).extracting(pair -> pair[1]).containsExactly(2L, 3L, 5L, 6L, 7L, 8L);
		assertThat(h.total()).isEqualTo(8);
	}

	@Test
	void boundsFollowRedissSequence() {
		LatencyHistogram h = new LatencyHistogram();
		for (long micros = 1; micros <= 1_000_000; micros *= 2) {
			h.record(micros);
		}
		assertThat(h.cumulativeDistribution()).extracting(pair -> pair[0])
			.startsWith(1L, 2L, 4L, 8L, 16L, 33L, 66L, 132L, 264L, 528L, 1056L);
		assertThat(new LatencyHistogram().cumulativeDistribution()).isEmpty();
	}

	@Test
	void slotsAreContiguousAndOrdered() {
		for (long v : new long[] { 0, 1, 127, 128, 255, 256, 257, 1000, 1024, 6000, 33023, 33024, 999_999_999 }) {
			int index = LatencyHistogram.index(v);
			assertThat(LatencyHistogram.valueAt(index)).isLessThanOrEqualTo(v);
			assertThat(LatencyHistogram.highestEquivalent(v)).isGreaterThanOrEqualTo(v);
			assertThat(LatencyHistogram.index(LatencyHistogram.highestEquivalent(v))).isEqualTo(index);
		}
	}

}
