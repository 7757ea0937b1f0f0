package io.cachalot.server.store.type;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HyperLogLog against an exact set: small cardinalities within two, larger ones
 * within five standard errors (1.04 / sqrt(16384) = 0.81 %), re-adding changes nothing, and
 * the union estimate of two sketches equals the estimate of one sketch fed both inputs,
 * whichever representation (sparse or dense) each ended in.
 */
class HyperLogLogPropertyTest {

	@Property(tries = 30)
	void estimatesTrackTheExactCardinality(@ForAll long seed, @ForAll @IntRange(min = 0, max = 60_000) int adds,
			@ForAll @IntRange(min = 1, max = 100) int distinctPercent) {
		Random rnd = new Random(seed);
		HyperLogLog.Sketch a = new HyperLogLog.Sketch(HyperLogLog.create(), HyperLogLog.SPARSE_MAX_BYTES);
		HyperLogLog.Sketch b = new HyperLogLog.Sketch(HyperLogLog.create(), HyperLogLog.SPARSE_MAX_BYTES);
		HyperLogLog.Sketch both = new HyperLogLog.Sketch(HyperLogLog.create(), HyperLogLog.SPARSE_MAX_BYTES);
		Set<String> exact = new HashSet<>();
		int pool = Math.max(1, adds * distinctPercent / 100);
		for (int i = 0; i < adds; i++) {
			String e = "element:" + rnd.nextInt(pool);
			byte[] bytes = e.getBytes(StandardCharsets.US_ASCII);
			(rnd.nextBoolean() ? a : b).add(bytes);
			both.add(bytes);
			exact.add(e);
		}
		long estimate = HyperLogLog.countUnion(List.of(both.toBytes()));
		if (exact.size() < 100) {
			assertThat(Math.abs(estimate - exact.size())).isLessThanOrEqualTo(2);
		}
		else {
			assertThat((double) Math.abs(estimate - exact.size()) / exact.size()).isLessThan(5 * 0.0081);
		}
		assertThat(HyperLogLog.countUnion(List.of(a.toBytes(), b.toBytes()))).isEqualTo(estimate);
		byte[] before = both.toBytes().clone();
		for (String e : exact) {
			assertThat(both.add(e.getBytes(StandardCharsets.US_ASCII))).isZero();
		}
		assertThat(both.toBytes()).isEqualTo(before);
		assertThat(HyperLogLog.isValid(before)).isTrue();
	}

}
