package io.cachalot.server.util;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * Integer parsing and formatting with Redis's rules ({@code string2ll} / {@code ll2string}):
 * an optional leading '-', digits without leading zeros, no spaces, within the signed 64-bit
 * range. Parsing works on byte arrays and on buffer slices, so arguments need no copy.
 */
public final class Numbers {

	private static final int CACHED = 10_000;

	private static final byte[][] SMALL = new byte[CACHED][];

	static {
		for (int i = 0; i < CACHED; i++) {
			SMALL[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
		}
	}

	private Numbers() {
	}

	public static long parseLong(byte[] b, int off, int len) {
		if (len == 0 || len > 20) {
			throw new NumberFormatException();
		}
		boolean negative = b[off] == '-';
		int i = negative ? 1 : 0;
		if (i == len) {
			throw new NumberFormatException();
		}
		if (b[off + i] == '0') {
			if (len == 1) {
				return 0;
			}
			throw new NumberFormatException();
		}
		long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
		long multmin = limit / 10;
		long result = 0;
		for (; i < len; i++) {
			int d = b[off + i] - '0';
			if (d < 0 || d > 9 || result < multmin) {
				throw new NumberFormatException();
			}
			result *= 10;
			if (result < limit + d) {
				throw new NumberFormatException();
			}
			result -= d;
		}
		return negative ? result : -result;
	}

	public static long parseLong(byte[] b) {
		return parseLong(b, 0, b.length);
	}

	public static long parseLong(ByteBuf buf, int index, int len) {
		if (buf.hasArray()) {
			return parseLong(buf.array(), buf.arrayOffset() + index, len);
		}
		if (len == 0 || len > 20) {
			throw new NumberFormatException();
		}
		byte[] tmp = new byte[len];
		buf.getBytes(index, tmp);
		return parseLong(tmp, 0, len);
	}

	/** Whether the bytes are exactly the canonical text of a 64-bit integer. */
	public static boolean isCanonicalLong(byte[] b) {
		try {
			parseLong(b, 0, b.length);
			return true;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	public static byte[] toBytes(long v) {
		if (v >= 0 && v < CACHED) {
			return SMALL[(int) v];
		}
		if (v == Long.MIN_VALUE) {
			return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
		}
		boolean negative = v < 0;
		long n = negative ? -v : v;
		int len = negative ? 1 : 0;
		for (long t = n; t > 0; t /= 10) {
			len++;
		}
		byte[] out = new byte[len];
		for (int i = len - 1; n > 0; i--) {
			out[i] = (byte) ('0' + (n % 10));
			n /= 10;
		}
		if (negative) {
			out[0] = '-';
		}
		return out;
	}

	/** Size in bytes of {@code v}'s decimal text. */
	public static int digits(long v) {
		if (v >= 0 && v < CACHED) {
			return SMALL[(int) v].length;
		}
		return Long.toString(v).length();
	}

	/** Parses a Redis float argument ({@code strtold}-like, "inf" accepted, NaN rejected). */
	public static double parseDouble(byte[] b) {
		if (b.length == 0 || b.length > 5000) {
			throw new NumberFormatException();
		}
		String s = new String(b, StandardCharsets.ISO_8859_1);
		switch (s.toLowerCase()) {
			case "inf", "+inf", "infinity", "+infinity":
				return Double.POSITIVE_INFINITY;
			case "-inf", "-infinity":
				return Double.NEGATIVE_INFINITY;
			default:
		}
		// strtold's decimal syntax only: Java would also trim control characters and accept
		// suffixes such as "d" or "f"
		for (byte c : b) {
			if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
				throw new NumberFormatException();
			}
		}
		return Double.parseDouble(s);
	}

}
