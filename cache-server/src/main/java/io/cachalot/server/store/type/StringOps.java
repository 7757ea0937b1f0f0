package io.cachalot.server.store.type;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.cachalot.server.store.StoreException;
import io.cachalot.server.util.Doubles;
import io.cachalot.server.util.Numbers;

/**
 * The string type's operations, as pure functions over byte arrays (Redis's
 * {@code t_string.c} "type" half). Values are immutable once stored: every operation
 * returns a new array. Errors are thrown as {@link StringOpException} with Redis's text.
 */
public final class StringOps {

	private StringOps() {
	}

	/** GETRANGE / SUBSTR with Redis's negative-index clamping. */
	public static byte[] range(byte[] value, long start, long end) {
		long len = value.length;
		if (start < 0 && end < 0 && start > end) {
			return new byte[0];
		}
		if (start < 0) {
			start = len + start;
		}
		if (end < 0) {
			end = len + end;
		}
		start = Math.max(0, start);
		end = Math.max(0, end);
		if (end >= len) {
			end = len - 1;
		}
		if (start > end || len == 0) {
			return new byte[0];
		}
		return Arrays.copyOfRange(value, (int) start, (int) end + 1);
	}

	/** SETRANGE's result: {@code value} (or an empty string) overwritten at {@code offset}, zero-padded. */
	public static byte[] setRange(byte[] value, long offset, byte[] patch, long maxLength) {
		byte[] base = (value != null) ? value : new byte[0];
		checkLength(offset + patch.length, maxLength);
		int newLen = (int) Math.max(base.length, offset + patch.length);
		byte[] out = Arrays.copyOf(base, newLen);
		System.arraycopy(patch, 0, out, (int) offset, patch.length);
		return out;
	}

	public static byte[] append(byte[] value, byte[] suffix, long maxLength) {
		checkLength((long) value.length + suffix.length, maxLength);
		byte[] out = Arrays.copyOf(value, value.length + suffix.length);
		System.arraycopy(suffix, 0, out, value.length, suffix.length);
		return out;
	}

	public static void checkLength(long length, long maxLength) {
		if (length > maxLength) {
			throw new StringOpException("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
		}
	}

	/** The integer value of a stored string for INCR and friends (null: 0). */
	public static long integerValue(byte[] value) {
		if (value == null) {
			return 0;
		}
		try {
			return Numbers.parseLong(value);
		}
		catch (NumberFormatException ex) {
			throw new StringOpException("ERR value is not an integer or out of range");
		}
	}

	/** {@code current + delta} with Redis's overflow error. */
	public static long add(long current, long delta) {
		long result = current + delta;
		if (((current ^ result) & (delta ^ result)) < 0) {
			throw new StringOpException("ERR increment or decrement would overflow");
		}
		return result;
	}

	/** INCRBYFLOAT's stored text, computed in emulated long double as Redis does. */
	public static byte[] incrByFloat(byte[] value, byte[] increment) {
		BigDecimal current;
		BigDecimal incr;
		try {
			current = (value == null) ? BigDecimal.ZERO : Doubles.parseLongDouble(value);
		}
		catch (NumberFormatException ex) {
			throw new StringOpException("ERR value is not a valid float");
		}
		catch (ArithmeticException ex) {
			throw new StringOpException("ERR increment would produce NaN or Infinity");
		}
		try {
			incr = Doubles.parseLongDouble(increment);
		}
		catch (NumberFormatException ex) {
			throw new StringOpException("ERR value is not a valid float");
		}
		catch (ArithmeticException ex) {
			throw new StringOpException("ERR increment would produce NaN or Infinity");
		}
		BigDecimal sum = Doubles.addLongDouble(current, incr);
		if (sum.abs().compareTo(LONG_DOUBLE_MAX) > 0) {
			throw new StringOpException("ERR increment would produce NaN or Infinity");
		}
		return Doubles.formatLongDoubleHuman(sum).getBytes(StandardCharsets.US_ASCII);
	}

	private static final BigDecimal LONG_DOUBLE_MAX = new BigDecimal("1.18973149535723176502e4932");

	/** The result of LCS: the common subsequence, its length and the matching ranges. */
	public record LcsResult(byte[] subsequence, int length, List<long[]> matches) {
	}

	/**
	 * Longest common subsequence by dynamic programming, walked back from the end as Redis
	 * does, so ranges come out in Redis's order (last match first). Each match is
	 * {@code {aStart, aEnd, bStart, bEnd, length}}; matches shorter than {@code minMatchLen}
	 * are left out.
	 */
	public static LcsResult lcs(byte[] a, byte[] b, long minMatchLen, long maxTableCells) {
		int alen = a.length;
		int blen = b.length;
		if ((long) (alen + 1) * (blen + 1) > maxTableCells) {
			throw new StringOpException("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
		}
		int[] table = new int[(alen + 1) * (blen + 1)];
		int w = blen + 1;
		for (int i = 1; i <= alen; i++) {
			for (int j = 1; j <= blen; j++) {
				if (a[i - 1] == b[j - 1]) {
					table[i * w + j] = table[(i - 1) * w + j - 1] + 1;
				}
				else {
					table[i * w + j] = Math.max(table[(i - 1) * w + j], table[i * w + j - 1]);
				}
			}
		}
		int length = table[alen * w + blen];
		byte[] result = new byte[length];
		List<long[]> matches = new ArrayList<>();
		int i = alen;
		int j = blen;
		int idx = length;
		int aStart = alen;
		int aEnd = 0;
		int bStart = 0;
		int bEnd = 0;
		while (i > 0 && j > 0) {
			boolean emit = false;
			if (a[i - 1] == b[j - 1]) {
				result[idx - 1] = a[i - 1];
				if (aStart == alen) {
					aStart = i - 1;
					aEnd = i - 1;
					bStart = j - 1;
					bEnd = j - 1;
				}
				else if (aStart == i && bStart == j) {
					aStart--;
					bStart--;
				}
				else {
					emit = true;
				}
				if (aStart == 0 || bStart == 0) {
					emit = true;
				}
				idx--;
				i--;
				j--;
			}
			else {
				int lcs1 = table[(i - 1) * w + j];
				int lcs2 = table[i * w + j - 1];
				if (lcs1 > lcs2) {
					i--;
				}
				else {
					j--;
				}
				if (aStart != alen) {
					emit = true;
				}
			}
			if (emit) {
				long matchLen = aEnd - aStart + 1;
				if (minMatchLen == 0 || matchLen >= minMatchLen) {
					matches.add(new long[] { aStart, aEnd, bStart, bEnd, matchLen });
				}
				aStart = alen;
			}
		}
		return new LcsResult(result, length, matches);
	}

	/** A string operation failed; the message is Redis's error reply. */
	public static final class StringOpException extends StoreException {

		public StringOpException(String message) {
			super(message);
		}

	}

}
