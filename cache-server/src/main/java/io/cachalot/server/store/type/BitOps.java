package io.cachalot.server.store.type;

import java.util.Arrays;

/**
 * Bit-level operations on string values (Redis's {@code bitops.c} "type" half): bits are
 * numbered from the most significant bit of the first byte. Values stay immutable: writes
 * return a new array.
 */
public final class BitOps {

	private BitOps() {
	}

	public static int getBit(byte[] value, long offset) {
		long index = offset >>> 3;
		if (value == null || index >= value.length) {
			return 0;
		}
		return (value[(int) index] >> (7 - (int) (offset & 7))) & 1;
	}

	/** A copy of {@code value} (grown with zero bytes as needed) with one bit set to {@code bit}. */
	public static byte[] setBit(byte[] value, long offset, int bit) {
		int index = (int) (offset >>> 3);
		byte[] out = Arrays.copyOf((value != null) ? value : new byte[0], Math.max((value != null) ? value.length : 0, index + 1));
		int mask = 1 << (7 - (int) (offset & 7));
		out[index] = (byte) ((bit != 0) ? (out[index] | mask) : (out[index] & ~mask));
		return out;
	}

	/** A byte or bit interval with Redis's rules: negative from the end, clamped to the string. */
	private static long[] interval(byte[] value, long start, long end, boolean bitUnits) {
		long strlen = value.length;
		long total = bitUnits ? strlen * 8 : strlen;
		if (start < 0) {
			start = total + start;
		}
		if (end < 0) {
			end = total + end;
		}
		if (start < 0) {
			start = 0;
		}
		if (end < 0) {
			end = 0;
		}
		if (end >= total) {
			end = total - 1;
		}
		return new long[] { start, end };
	}

	/** BITCOUNT over a byte or bit interval with Redis's index rules. */
	public static long count(byte[] value, long start, long end, boolean bitUnits) {
		long[] r = interval(value, start, end, bitUnits);
		start = r[0];
		end = r[1];
		if (start > end) {
			return 0;
		}
		if (!bitUnits) {
			return popcount(value, (int) start, (int) end);
		}
		long count = 0;
		for (long bit = start; bit <= end; bit++) {
			count += getBit(value, bit);
		}
		return count;
	}

	private static long popcount(byte[] value, int from, int to) {
		long count = 0;
		for (int i = from; i <= to; i++) {
			count += Integer.bitCount(value[i] & 0xFF);
		}
		return count;
	}

	/**
	 * BITPOS: the first bit equal to {@code bit} in the interval, or -1. Looking for 0 with no
	 * explicit end in a string of all ones answers the first bit past the string, as Redis.
	 */
	public static long position(byte[] value, int bit, long start, long end, boolean endGiven, boolean bitUnits) {
		long[] r = interval(value, start, end, bitUnits);
		start = r[0];
		end = r[1];
		if (start > end) {
			return -1;
		}
		long firstBit = bitUnits ? start : start * 8;
		long lastBit = bitUnits ? end : end * 8 + 7;
		for (long b = firstBit; b <= lastBit; b++) {
			if (getBit(value, b) == bit) {
				return b;
			}
		}
		if (bit == 0 && !endGiven) {
			return lastBit + 1;
		}
		return -1;
	}

	/** BITOP: AND / OR / XOR over the sources (missing ones as empty), or NOT of one. */
	public static byte[] combine(String op, byte[][] sources) {
		int max = 0;
		for (byte[] s : sources) {
			max = Math.max(max, (s == null) ? 0 : s.length);
		}
		byte[] out = new byte[max];
		if (op.equals("NOT")) {
			byte[] s = sources[0];
			for (int i = 0; i < max; i++) {
				out[i] = (byte) ~s[i];
			}
			return out;
		}
		for (int i = 0; i < max; i++) {
			int acc = byteAt(sources[0], i);
			for (int k = 1; k < sources.length; k++) {
				int b = byteAt(sources[k], i);
				acc = switch (op) {
					case "AND" -> acc & b;
					case "OR" -> acc | b;
					default -> acc ^ b;
				};
			}
			out[i] = (byte) acc;
		}
		return out;
	}

	private static int byteAt(byte[] s, int i) {
		return (s == null || i >= s.length) ? 0 : s[i] & 0xFF;
	}

	/** Reads {@code bits} bits at {@code offset} as an unsigned number (bits <= 64). */
	public static long getUnsigned(byte[] value, long offset, int bits) {
		long v = 0;
		for (int i = 0; i < bits; i++) {
			v = (v << 1) | getBit(value, offset + i);
		}
		return v;
	}

	public static long getSigned(byte[] value, long offset, int bits) {
		long v = getUnsigned(value, offset, bits);
		if (bits < 64 && (v & (1L << (bits - 1))) != 0) {
			v |= -1L << bits;
		}
		return v;
	}

	/** Writes the low {@code bits} bits of {@code v} at {@code offset} into a copy grown as needed. */
	public static byte[] setBits(byte[] value, long offset, int bits, long v) {
		long lastByte = (offset + bits - 1) >>> 3;
		byte[] out = Arrays.copyOf((value != null) ? value : new byte[0],
				(int) Math.max((value != null) ? value.length : 0, lastByte + 1));
		for (int i = 0; i < bits; i++) {
			int bit = (int) ((v >>> (bits - 1 - i)) & 1);
			long o = offset + i;
			int idx = (int) (o >>> 3);
			int mask = 1 << (7 - (int) (o & 7));
			out[idx] = (byte) ((bit != 0) ? (out[idx] | mask) : (out[idx] & ~mask));
		}
		return out;
	}

	/** Overflow behaviour of BITFIELD SET / INCRBY. */
	public enum Overflow {

		WRAP, SAT, FAIL

	}

	/**
	 * The value {@code v} fitted into a signed or unsigned field of {@code bits} bits under
	 * {@code overflow}; null when it does not fit and the behaviour is FAIL.
	 */
	public static Long fit(java.math.BigInteger v, int bits, boolean signed, Overflow overflow) {
		java.math.BigInteger min = signed ? java.math.BigInteger.ONE.shiftLeft(bits - 1).negate() : java.math.BigInteger.ZERO;
		java.math.BigInteger max = signed ? java.math.BigInteger.ONE.shiftLeft(bits - 1).subtract(java.math.BigInteger.ONE)
				: java.math.BigInteger.ONE.shiftLeft(bits).subtract(java.math.BigInteger.ONE);
		if (v.compareTo(min) >= 0 && v.compareTo(max) <= 0) {
			return v.longValue();
		}
		return switch (overflow) {
			case FAIL -> null;
			case SAT -> (v.compareTo(min) < 0) ? min.longValue() : max.longValue();
			case WRAP -> {
				java.math.BigInteger mod = v.mod(java.math.BigInteger.ONE.shiftLeft(bits));
				if (signed && mod.testBit(bits - 1)) {
					mod = mod.subtract(java.math.BigInteger.ONE.shiftLeft(bits));
				}
				yield mod.longValue();
			}
		};
	}

}
