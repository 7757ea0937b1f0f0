package io.cachalot.server.store.type;

import java.math.BigInteger;
import java.util.BitSet;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bitmaps against {@link BitSet} (Redis bit offset {@code i} is bit {@code 7 - i % 8} of byte
 * {@code i / 8}): SETBIT / GETBIT, BITCOUNT and BITPOS over byte and bit intervals with
 * negative indexes, BITOP, and BITFIELD reads, writes and overflow arithmetic.
 */
class BitOpsPropertyTest {

	@Property(tries = 80)
	void bitmapsBehaveLikeABitSet(@ForAll long seed, @ForAll @IntRange(min = 0, max = 400) int bitsSet,
			@ForAll @IntRange(min = 1, max = 600) int span) {
		Random rnd = new Random(seed);
		byte[] value = null;
		BitSet model = new BitSet();
		int length = 0;
		for (int i = 0; i < bitsSet; i++) {
			int offset = rnd.nextInt(span);
			int bit = rnd.nextInt(4) == 0 ? 0 : 1;
			int before = BitOps.getBit(value, offset);
			assertThat(before).isEqualTo(model.get(offset) ? 1 : 0);
			value = BitOps.setBit(value, offset, bit);
			model.set(offset, bit == 1);
			length = Math.max(length, offset / 8 + 1);
			assertThat(value).hasSize(length);
		}
		if (value == null) {
			return;
		}
		long bitLength = value.length * 8L;
		for (int probe = 0; probe < 30; probe++) {
			long start = rnd.nextInt((int) bitLength * 2 + 1) - bitLength;
			long end = rnd.nextInt((int) bitLength * 2 + 1) - bitLength;
			boolean bitUnits = rnd.nextBoolean();
			long[] bits = bitInterval(value.length, start, end, bitUnits);
			long expectedCount = (bits == null) ? 0 : model.get((int) bits[0], (int) bits[1] + 1).cardinality();
			assertThat(BitOps.count(value, start, end, bitUnits)).isEqualTo(expectedCount);
			int wanted = rnd.nextInt(2);
			long expectedPos = -1;
			if (bits != null) {
				for (long b = bits[0]; b <= bits[1]; b++) {
					if (model.get((int) b) == (wanted == 1)) {
						expectedPos = b;
						break;
					}
				}
			}
			assertThat(BitOps.position(value, wanted, start, end, true, bitUnits)).isEqualTo(expectedPos);
		}
		byte[] other = BitOps.setBit(null, rnd.nextInt(span), 1);
		BitSet otherModel = BitSet.valueOf(reverseBits(other));
		BitSet and = (BitSet) model.clone();
		and.and(otherModel);
		BitSet or = (BitSet) model.clone();
		or.or(otherModel);
		BitSet xor = (BitSet) model.clone();
		xor.xor(otherModel);
		assertThat(BitSet.valueOf(reverseBits(BitOps.combine("AND", new byte[][] { value, other })))).isEqualTo(and);
		assertThat(BitSet.valueOf(reverseBits(BitOps.combine("OR", new byte[][] { value, other })))).isEqualTo(or);
		assertThat(BitSet.valueOf(reverseBits(BitOps.combine("XOR", new byte[][] { value, other })))).isEqualTo(xor);
		byte[] not = BitOps.combine("NOT", new byte[][] { value });
		for (int b = 0; b < bitLength; b++) {
			assertThat(BitOps.getBit(not, b)).isEqualTo(model.get(b) ? 0 : 1);
		}
	}

	@Property(tries = 200)
	void bitfieldsReadBackWhatWasWritten(@ForAll long seed, @ForAll @IntRange(min = 1, max = 64) int bits,
			@ForAll @IntRange(min = 0, max = 200) int offset) {
		Random rnd = new Random(seed);
		long v = rnd.nextLong();
		byte[] value = BitOps.setBits(null, offset, bits, v);
		long mask = (bits == 64) ? -1L : (1L << bits) - 1;
		assertThat(BitOps.getUnsigned(value, offset, bits)).isEqualTo(v & mask);
		long signed = (bits == 64) ? v : ((v & mask) ^ (1L << (bits - 1))) - (1L << (bits - 1));
		assertThat(BitOps.getSigned(value, offset, bits)).isEqualTo(signed);
		// neighbours untouched
		for (int b = 0; b < offset; b++) {
			assertThat(BitOps.getBit(value, b)).isZero();
		}
		if (bits < 64) {
			BigInteger big = BigInteger.valueOf(rnd.nextLong()).multiply(BigInteger.valueOf(rnd.nextInt(5) + 1));
			BigInteger unsignedMax = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
			Long wrapped = BitOps.fit(big, bits, false, BitOps.Overflow.WRAP);
			assertThat(wrapped).isEqualTo(big.mod(BigInteger.ONE.shiftLeft(bits)).longValue());
			Long saturated = BitOps.fit(big, bits, false, BitOps.Overflow.SAT);
			assertThat(saturated).isEqualTo(big.max(BigInteger.ZERO).min(unsignedMax).longValue());
			boolean fits = big.signum() >= 0 && big.compareTo(unsignedMax) <= 0;
			assertThat(BitOps.fit(big, bits, false, BitOps.Overflow.FAIL)).isEqualTo(fits ? big.longValue() : null);
		}
	}

	/** Redis's [start, end] in bits after its clamping rules, or null when empty. */
	private static long[] bitInterval(int strlen, long start, long end, boolean bitUnits) {
		long total = bitUnits ? strlen * 8L : strlen;
		long s = (start < 0) ? Math.max(0, total + start) : start;
		long e = (end < 0) ? Math.max(0, total + end) : end;
		e = Math.min(e, total - 1);
		if (s > e) {
			return null;
		}
		return bitUnits ? new long[] { s, e } : new long[] { s * 8, e * 8 + 7 };
	}

	/** The bytes with each byte's bit order reversed, so {@link BitSet#valueOf} numbers bits as Redis. */
	private static byte[] reverseBits(byte[] value) {
		byte[] out = new byte[value.length];
		for (int i = 0; i < value.length; i++) {
			out[i] = (byte) (Integer.reverse(value[i] & 0xFF) >>> 24);
		}
		return out;
	}

}
