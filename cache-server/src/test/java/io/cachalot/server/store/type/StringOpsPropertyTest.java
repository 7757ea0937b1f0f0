package io.cachalot.server.store.type;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * String operations against plain models: SETRANGE / APPEND / GETRANGE against a byte array
 * edited by hand (zero padding, negative indexes), INCRBY against exact big-integer
 * arithmetic (overflow is an error, never a wrap), and LCS against a textbook length table.
 */
class StringOpsPropertyTest {

	@Property(tries = 200)
	void editsMatchAByteArrayModel(@ForAll long seed, @ForAll @IntRange(min = 0, max = 40) int edits) {
		Random rnd = new Random(seed);
		byte[] value = null;
		byte[] model = new byte[0];
		for (int i = 0; i < edits; i++) {
			byte[] patch = new byte[rnd.nextInt(6)];
			rnd.nextBytes(patch);
			if (rnd.nextBoolean()) {
				int offset = rnd.nextInt(30);
				value = StringOps.setRange(value, offset, patch, Long.MAX_VALUE);
				byte[] grown = Arrays.copyOf(model, Math.max(model.length, offset + patch.length));
				System.arraycopy(patch, 0, grown, offset, patch.length);
				model = grown;
			}
			else {
				value = StringOps.append((value != null) ? value : new byte[0], patch, Long.MAX_VALUE);
				byte[] grown = Arrays.copyOf(model, model.length + patch.length);
				System.arraycopy(patch, 0, grown, model.length, patch.length);
				model = grown;
			}
			assertThat(value).isEqualTo(model);
		}
		int n = model.length;
		long start = rnd.nextInt(2 * n + 3) - n - 1;
		long end = rnd.nextInt(2 * n + 3) - n - 1;
		assertThat(StringOps.range(model, start, end)).isEqualTo(rangeModel(model, start, end));
		assertThatThrownBy(() -> StringOps.append(new byte[3], new byte[3], 5)).hasMessageContaining("proto-max-bulk-len");
	}

	@Property(tries = 300)
	void incrementsAreExactOrAnOverflowError(@ForAll long current, @ForAll long delta) {
		BigInteger exact = BigInteger.valueOf(current).add(BigInteger.valueOf(delta));
		boolean fits = exact.bitLength() < 64;
		if (fits) {
			assertThat(StringOps.add(current, delta)).isEqualTo(exact.longValueExact());
			assertThat(StringOps.integerValue(Long.toString(current).getBytes())).isEqualTo(current);
		}
		else {
			assertThatThrownBy(() -> StringOps.add(current, delta)).hasMessage("ERR increment or decrement would overflow");
		}
	}

	@Property(tries = 100)
	void lcsHasTheTextbookLength(@ForAll long seed, @ForAll @IntRange(min = 0, max = 30) int la,
			@ForAll @IntRange(min = 0, max = 30) int lb) {
		Random rnd = new Random(seed);
		byte[] a = new byte[la];
		byte[] b = new byte[lb];
		for (int i = 0; i < la; i++) {
			a[i] = (byte) ('a' + rnd.nextInt(3));
		}
		for (int i = 0; i < lb; i++) {
			b[i] = (byte) ('a' + rnd.nextInt(3));
		}
		int[][] t = new int[la + 1][lb + 1];
		for (int i = 1; i <= la; i++) {
			for (int j = 1; j <= lb; j++) {
				t[i][j] = (a[i - 1] == b[j - 1]) ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
			}
		}
		StringOps.LcsResult lcs = StringOps.lcs(a, b, 0, Long.MAX_VALUE);
		assertThat(lcs.length()).isEqualTo(t[la][lb]);
		assertThat(lcs.subsequence()).hasSize(t[la][lb]);
		assertThat(isSubsequence(lcs.subsequence(), a)).isTrue();
		assertThat(isSubsequence(lcs.subsequence(), b)).isTrue();
	}

	private static boolean isSubsequence(byte[] sub, byte[] of) {
		int i = 0;
		for (int j = 0; j < of.length && i < sub.length; j++) {
			if (of[j] == sub[i]) {
				i++;
			}
		}
		return i == sub.length;
	}

	/** GETRANGE as Redis's documentation states it. */
	private static byte[] rangeModel(byte[] v, long start, long end) {
		int n = v.length;
		if (start < 0 && end < 0 && start > end) {
			return new byte[0];
		}
		long s = Math.max(0, (start < 0) ? n + start : start);
		long e = Math.max(0, (end < 0) ? n + end : end);
		e = Math.min(e, n - 1L);
		if (s > e || n == 0) {
			return new byte[0];
		}
		return Arrays.copyOfRange(v, (int) s, (int) e + 1);
	}

}
