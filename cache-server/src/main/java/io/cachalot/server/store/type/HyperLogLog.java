package io.cachalot.server.store.type;

import java.util.Arrays;

/**
 * Redis's HyperLogLog, byte for byte: the same 16-byte header ("HYLL", encoding, cached
 * cardinality), the same sparse opcodes (ZERO, XZERO, VAL) split and merged exactly as
 * {@code hllSparseSet} does, the same 6-bit dense registers, MurmurHash64A with Redis's seed,
 * and Ertl's estimator as {@code hllCount} computes it. So PFADD leaves the string GET returns
 * identical to Redis's for the same inputs, and PFCOUNT answers the same number.
 *
 * <p>A value is handled as a working copy ({@link #Sketch}); the stored array is never changed
 * in place.
 */
public final class HyperLogLog {

	static final int P = 14;

	static final int REGISTERS = 1 << P;

	static final int Q = 64 - P;

	static final int HEADER = 16;

	static final int DENSE_SIZE = HEADER + (REGISTERS * 6 + 7) / 8;

	static final int SPARSE = 1;

	static final int DENSE = 0;

	private static final int VAL_MAX_VALUE = 32;

	private static final int VAL_MAX_LEN = 4;

	private static final int ZERO_MAX_LEN = 64;

	private static final int XZERO_MAX_LEN = 16384;

	private static final double ALPHA_INF = 0.721347520444481703680;

	/** Redis's {@code hll-sparse-max-bytes} default. */
	public static final int SPARSE_MAX_BYTES = 3000;

	private HyperLogLog() {
	}

	/** A new empty HLL: sparse, one XZERO opcode covering every register. */
	public static byte[] create() {
		byte[] b = new byte[HEADER + 2];
		b[0] = 'H';
		b[1] = 'Y';
		b[2] = 'L';
		b[3] = 'L';
		b[4] = SPARSE;
		xzeroSet(b, HEADER, REGISTERS);
		return b;
	}

	/** Whether the string is an HLL Redis would accept ({@code isHLLObjectOrReply}). */
	public static boolean isValid(byte[] v) {
		if (v.length < HEADER || v[0] != 'H' || v[1] != 'Y' || v[2] != 'L' || v[3] != 'L' || v[4] > DENSE + 1
				|| v[4] < 0) {
			return false;
		}
		return v[4] != DENSE || v.length == DENSE_SIZE;
	}

	// ---- hashing ---------------------------------------------------------------------

	static long murmur64a(byte[] key) {
		final long m = 0xc6a4a7935bd1e995L;
		final int r = 47;
		long h = (0xadc83b19L) ^ (key.length * m);
		int len8 = key.length & ~7;
		for (int i = 0; i < len8; i += 8) {
			long k = (key[i] & 0xFFL) | (key[i + 1] & 0xFFL) << 8 | (key[i + 2] & 0xFFL) << 16 | (key[i + 3] & 0xFFL) << 24
					| (key[i + 4] & 0xFFL) << 32 | (key[i + 5] & 0xFFL) << 40 | (key[i + 6] & 0xFFL) << 48
					| (key[i + 7] & 0xFFL) << 56;
			k *= m;
			k ^= k >>> r;
			k *= m;
			h ^= k;
			h *= m;
		}
		int rem = key.length & 7;
		if (rem > 0) {
			for (int i = rem - 1; i >= 0; i--) {
				h ^= (key[len8 + i] & 0xFFL) << (8 * i);
			}
			h *= m;
		}
		h ^= h >>> r;
		h *= m;
		h ^= h >>> r;
		return h;
	}

	/** {register index, run length of the "000..1" pattern} of an element. */
	static int[] patternLength(byte[] element) {
		long hash = murmur64a(element);
		int index = (int) (hash & (REGISTERS - 1));
		hash >>>= P;
		hash |= 1L << Q;
		long bit = 1;
		int count = 1;
		while ((hash & bit) == 0) {
			count++;
			bit <<= 1;
		}
		return new int[] { index, count };
	}

	// ---- opcodes ---------------------------------------------------------------------

	private static boolean isZero(byte[] b, int p) {
		return (b[p] & 0xC0) == 0;
	}

	private static boolean isXzero(byte[] b, int p) {
		return (b[p] & 0xC0) == 0x40;
	}

	private static boolean isVal(byte[] b, int p) {
		return (b[p] & 0x80) != 0;
	}

	private static int zeroLen(byte[] b, int p) {
		return (b[p] & 0x3F) + 1;
	}

	private static int xzeroLen(byte[] b, int p) {
		return (((b[p] & 0x3F) << 8) | (b[p + 1] & 0xFF)) + 1;
	}

	private static int valValue(byte[] b, int p) {
		return ((b[p] >> 2) & 0x1F) + 1;
	}

	private static int valLen(byte[] b, int p) {
		return (b[p] & 0x3) + 1;
	}

	private static void valSet(byte[] b, int p, int val, int len) {
		b[p] = (byte) ((((val - 1) << 2) | (len - 1)) | 0x80);
	}

	private static void zeroSet(byte[] b, int p, int len) {
		b[p] = (byte) (len - 1);
	}

	private static void xzeroSet(byte[] b, int p, int len) {
		int l = len - 1;
		b[p] = (byte) ((l >> 8) | 0x40);
		b[p + 1] = (byte) (l & 0xFF);
	}

	// ---- dense registers ---------------------------------------------------------------

	static int denseGet(byte[] b, int index) {
		int bytePos = HEADER + index * 6 / 8;
		int fb = (index * 6) & 7;
		int fb8 = 8 - fb;
		int b0 = b[bytePos] & 0xFF;
		int b1 = (bytePos + 1 < b.length) ? b[bytePos + 1] & 0xFF : 0;
		return ((b0 >> fb) | (b1 << fb8)) & 63;
	}

	static void denseSetRegister(byte[] b, int index, int val) {
		int bytePos = HEADER + index * 6 / 8;
		int fb = (index * 6) & 7;
		int fb8 = 8 - fb;
		b[bytePos] = (byte) ((b[bytePos] & ~(63 << fb)) | (val << fb));
		if (bytePos + 1 < b.length) {
			b[bytePos + 1] = (byte) ((b[bytePos + 1] & ~(63 >> fb8)) | (val >> fb8));
		}
	}

	/** The register values of any encoding. */
	static int[] registers(byte[] b) {
		int[] regs = new int[REGISTERS];
		if (b[4] == DENSE) {
			for (int i = 0; i < REGISTERS; i++) {
				regs[i] = denseGet(b, i);
			}
			return regs;
		}
		int idx = 0;
		int p = HEADER;
		while (p < b.length && idx < REGISTERS) {
			if (isZero(b, p)) {
				idx += zeroLen(b, p);
				p++;
			}
			else if (isXzero(b, p)) {
				idx += xzeroLen(b, p);
				p += 2;
			}
			else {
				int len = valLen(b, p);
				int val = valValue(b, p);
				for (int i = 0; i < len && idx < REGISTERS; i++) {
					regs[idx++] = val;
				}
				p++;
			}
		}
		return regs;
	}

	// ---- cardinality ---------------------------------------------------------------------

	static boolean cacheValid(byte[] b) {
		return (b[15] & 0x80) == 0;
	}

	static long cachedCount(byte[] b) {
		long c = 0;
		for (int i = 7; i >= 0; i--) {
			c = (c << 8) | (b[8 + i] & 0xFF);
		}
		return c;
	}

	static void storeCount(byte[] b, long card) {
		for (int i = 0; i < 8; i++) {
			b[8 + i] = (byte) (card >>> (8 * i));
		}
	}

	static void invalidateCache(byte[] b) {
		b[15] |= (byte) 0x80;
	}

	/** Ertl's estimate from the register values, as {@code hllCount}. */
	static long estimate(int[] registers) {
		int[] histo = new int[64];
		for (int r : registers) {
			histo[r]++;
		}
		double m = REGISTERS;
		double z = m * tau((m - histo[Q + 1]) / m);
		for (int j = Q; j >= 1; --j) {
			z += histo[j];
			z *= 0.5;
		}
		z += m * sigma(histo[0] / m);
		return Math.round(ALPHA_INF * m * m / z);
	}

	private static double sigma(double x) {
		if (x == 1.0) {
			return Double.POSITIVE_INFINITY;
		}
		double zPrime;
		double y = 1;
		double z = x;
		do {
			x *= x;
			zPrime = z;
			z += x * y;
			y += y;
		}
		while (zPrime != z);
		return z;
	}

	private static double tau(double x) {
		if (x == 0.0 || x == 1.0) {
			return 0.0;
		}
		double zPrime;
		double y = 1.0;
		double z = 1 - x;
		do {
			x = Math.sqrt(x);
			zPrime = z;
			y *= 0.5;
			z -= Math.pow(1 - x, 2) * y;
		}
		while (zPrime != z);
		return z / 3;
	}

	/**
	 * PFCOUNT of one HLL: the cached value when valid, else the estimate. Returns the count
	 * and, when the cache had to be filled, the updated string to store (else null).
	 */
	public static long count(byte[] hll, byte[][] updated) {
		if (cacheValid(hll)) {
			return cachedCount(hll);
		}
		long card = estimate(registers(hll));
		byte[] copy = hll.clone();
		storeCount(copy, card);
		updated[0] = copy;
		return card;
	}

	/** PFCOUNT of several HLLs: the estimate of their union (no cache involved). */
	public static long countUnion(Iterable<byte[]> hlls) {
		return estimate(maxRegisters(hlls, new boolean[1]));
	}

	/** The maximum of each register over the inputs, and whether any input was dense. */
	public static int[] maxRegisters(Iterable<byte[]> hlls, boolean[] anyDense) {
		int[] max = new int[REGISTERS];
		for (byte[] h : hlls) {
			if (h[4] == DENSE) {
				anyDense[0] = true;
			}
			int[] regs = registers(h);
			for (int i = 0; i < REGISTERS; i++) {
				max[i] = Math.max(max[i], regs[i]);
			}
		}
		return max;
	}

	/**
	 * A mutable working copy of an HLL string: sparse updates follow {@code hllSparseSet}
	 * exactly (split, then merge adjacent VAL opcodes), promoting to dense when a value does not
	 * fit or the string would pass {@link #SPARSE_MAX_BYTES}.
	 */
	public static final class Sketch {

		private byte[] buf;

		private int len;

		private final int sparseMaxBytes;

		public Sketch(byte[] hll, int sparseMaxBytes) {
			this.buf = Arrays.copyOf(hll, hll.length + 8);
			this.len = hll.length;
			this.sparseMaxBytes = sparseMaxBytes;
		}

		public byte[] toBytes() {
			return Arrays.copyOf(this.buf, this.len);
		}

		public void invalidate() {
			invalidateCache(this.buf);
		}

		/** PFADD of one element: 1 when a register changed, 0 otherwise. */
		public int add(byte[] element) {
			int[] pl = patternLength(element);
			return set(pl[0], pl[1]);
		}

		/** Raises register {@code index} to {@code count}; 1 when it changed. */
		public int set(int index, int count) {
			if (this.buf[4] == DENSE) {
				return denseSet(index, count);
			}
			return sparseSet(index, count);
		}

		private int denseSet(int index, int count) {
			if (count > denseGet(this.buf, index)) {
				denseSetRegister(this.buf, index, count);
				return 1;
			}
			return 0;
		}

		/** Converts to dense (header copied, cache bytes included). */
		public void toDense() {
			if (this.buf[4] == DENSE) {
				return;
			}
			int[] regs = registers(Arrays.copyOf(this.buf, this.len));
			byte[] dense = new byte[DENSE_SIZE];
			System.arraycopy(this.buf, 0, dense, 0, HEADER);
			dense[4] = DENSE;
			for (int i = 0; i < REGISTERS; i++) {
				if (regs[i] != 0) {
					denseSetRegister(dense, i, regs[i]);
				}
			}
			this.buf = dense;
			this.len = DENSE_SIZE;
		}

		private void ensureRoom(int extra) {
			if (this.len + extra > this.buf.length) {
				this.buf = Arrays.copyOf(this.buf, Math.max(this.buf.length * 2, this.len + extra));
			}
		}

		private int sparseSet(int index, int count) {
			if (count > VAL_MAX_VALUE) {
				return promote(index, count);
			}
			ensureRoom(3);
			byte[] b = this.buf;
			int p = HEADER;
			int end = this.len;
			int first = 0;
			int prev = -1;
			int span = 0;
			while (p < end) {
				int oplen = 1;
				if (isZero(b, p)) {
					span = zeroLen(b, p);
				}
				else if (isVal(b, p)) {
					span = valLen(b, p);
				}
				else {
					span = xzeroLen(b, p);
					oplen = 2;
				}
				if (index <= first + span - 1) {
					break;
				}
				prev = p;
				p += oplen;
				first += span;
			}
			if (span == 0 || p >= end) {
				return -1;
			}
			int next = isXzero(b, p) ? p + 2 : p + 1;
			if (next >= end) {
				next = -1;
			}
			boolean zero = isZero(b, p);
			boolean xzero = isXzero(b, p);
			boolean val = !zero && !xzero;
			int runlen = zero ? zeroLen(b, p) : xzero ? xzeroLen(b, p) : valLen(b, p);
			boolean done = false;
			if (val) {
				int old = valValue(b, p);
				if (old >= count) {
					return 0;
				}
				if (runlen == 1) {
					valSet(b, p, count, 1);
					done = true;
				}
			}
			if (!done && zero && runlen == 1) {
				valSet(b, p, count, 1);
				done = true;
			}
			if (!done) {
				byte[] seq = new byte[5];
				int n = 0;
				int last = first + span - 1;
				if (zero || xzero) {
					if (index != first) {
						int l = index - first;
						if (l > ZERO_MAX_LEN) {
							xzeroSet(seq, n, l);
							n += 2;
						}
						else {
							zeroSet(seq, n, l);
							n++;
						}
					}
					valSet(seq, n, count, 1);
					n++;
					if (index != last) {
						int l = last - index;
						if (l > ZERO_MAX_LEN) {
							xzeroSet(seq, n, l);
							n += 2;
						}
						else {
							zeroSet(seq, n, l);
							n++;
						}
					}
				}
				else {
					int curval = valValue(b, p);
					if (index != first) {
						valSet(seq, n, curval, index - first);
						n++;
					}
					valSet(seq, n, count, 1);
					n++;
					if (index != last) {
						valSet(seq, n, curval, last - index);
						n++;
					}
				}
				int oldlen = xzero ? 2 : 1;
				int delta = n - oldlen;
				if (delta > 0 && this.len + delta > this.sparseMaxBytes) {
					return promote(index, count);
				}
				if (delta != 0 && next >= 0) {
					System.arraycopy(b, next, b, next + delta, end - next);
				}
				this.len += delta;
				System.arraycopy(seq, 0, b, p, n);
				end += delta;
			}
			// merge adjacent VAL opcodes with the same value, scanning up to 5 opcodes from prev
			int q = (prev >= 0) ? prev : HEADER;
			int scan = 5;
			while (q < end && scan-- > 0) {
				if (isXzero(b, q)) {
					q += 2;
					continue;
				}
				if (isZero(b, q)) {
					q++;
					continue;
				}
				if (q + 1 < end && isVal(b, q + 1)) {
					int v1 = valValue(b, q);
					int v2 = valValue(b, q + 1);
					if (v1 == v2) {
						int l = valLen(b, q) + valLen(b, q + 1);
						if (l <= VAL_MAX_LEN) {
							valSet(b, q + 1, v1, l);
							System.arraycopy(b, q + 1, b, q, end - q - 1);
							this.len--;
							end--;
							continue;
						}
					}
				}
				q++;
			}
			invalidateCache(b);
			return 1;
		}

		private int promote(int index, int count) {
			toDense();
			return denseSet(index, count);
		}

	}

}
