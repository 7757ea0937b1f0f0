package io.cachalot.server.store.rdb;

import java.nio.charset.StandardCharsets;

/**
 * A cursor over serialized bytes up to {@code end}, with RDB's encodings: lengths (6, 14, 32
 * or 64 bits), strings (raw, integers of 1, 2 or 4 bytes, LZF-compressed) and doubles.
 * Malformed input is an IndexOutOfBoundsException or IllegalArgumentException.
 */
public final class RdbInput {

	private final byte[] data;

	private final int end;

	private int pos;

	public RdbInput(byte[] data, int end) {
		this.data = data;
		this.end = end;
	}

	public int u8() {
		if (this.pos >= this.end) {
			throw new IndexOutOfBoundsException("past the end");
		}
		return this.data[this.pos++] & 0xFF;
	}

	private long bigEndian(int bytes) {
		long v = 0;
		for (int i = 0; i < bytes; i++) {
			v = (v << 8) | u8();
		}
		return v;
	}

	/** An unsigned little-endian number of {@code bytes} bytes. */
	public long littleEndian(int bytes) {
		long v = 0;
		for (int i = 0; i < bytes; i++) {
			v |= (long) u8() << (8 * i);
		}
		return v;
	}

	/** A length; IllegalArgumentException for a special encoding where a length belongs. */
	public long length() {
		int first = u8();
		return switch (first >>> 6) {
			case 0 -> first & 0x3F;
			case 1 -> ((first & 0x3F) << 8) | u8();
			case 2 -> switch (first) {
				case 0x80 -> bigEndian(4);
				case 0x81 -> bigEndian(8);
				default -> throw new IllegalArgumentException("bad length");
			};
			default -> throw new IllegalArgumentException("encoded value where a length belongs");
		};
	}

	/** A string: raw, an integer in 1, 2 or 4 bytes, or LZF-compressed. */
	public byte[] string() {
		int first = this.data[this.pos] & 0xFF;
		if ((first >>> 6) != 3) {
			long n = length();
			if (n > this.end - this.pos) {
				throw new IndexOutOfBoundsException("string past the end");
			}
			byte[] s = java.util.Arrays.copyOfRange(this.data, this.pos, this.pos + (int) n);
			this.pos += (int) n;
			return s;
		}
		this.pos++;
		return switch (first & 0x3F) {
			case 0 -> Long.toString((byte) u8()).getBytes(StandardCharsets.US_ASCII);
			case 1 -> Long.toString((short) littleEndian(2)).getBytes(StandardCharsets.US_ASCII);
			case 2 -> Long.toString((int) littleEndian(4)).getBytes(StandardCharsets.US_ASCII);
			case 3 -> {
				long compressed = length();
				long plain = length();
				// LZF expands at most about 88 times (a 3-byte back reference writes 264 bytes):
				// a larger claim is damage, and must not make us allocate it
				if (compressed > this.end - this.pos || plain > compressed * 100 + 64) {
					throw new IndexOutOfBoundsException("compressed string past the end");
				}
				byte[] c = java.util.Arrays.copyOfRange(this.data, this.pos, this.pos + (int) compressed);
				this.pos += (int) compressed;
				yield Lzf.decompress(c, (int) plain);
			}
			default -> throw new IllegalArgumentException("unknown string encoding");
		};
	}

	public double binaryDouble() {
		return Double.longBitsToDouble(littleEndian(8));
	}

	/** A score of the old sorted-set format: a length byte (253 NaN, 254 +inf, 255 -inf) and text. */
	public double textDouble() {
		int n = u8();
		return switch (n) {
			case 253 -> Double.NaN;
			case 254 -> Double.POSITIVE_INFINITY;
			case 255 -> Double.NEGATIVE_INFINITY;
			default -> {
				String text = new String(this.data, this.pos, n, StandardCharsets.US_ASCII);
				this.pos += n;
				yield Double.parseDouble(text);
			}
		};
	}

	/** The next {@code n} bytes as they are (no length before them). */
	public byte[] bytes(int n) {
		if (n > this.end - this.pos) {
			throw new IndexOutOfBoundsException("past the end");
		}
		byte[] out = java.util.Arrays.copyOfRange(this.data, this.pos, this.pos + n);
		this.pos += n;
		return out;
	}

	/** Skips {@code n} bytes. */
	public void skip(int n) {
		if (n > this.end - this.pos) {
			throw new IndexOutOfBoundsException("past the end");
		}
		this.pos += n;
	}

	/** The position of the next byte. */
	public int position() {
		return this.pos;
	}

	/** Whether every byte up to the end has been read. */
	public boolean atEnd() {
		return this.pos == this.end;
	}

}
