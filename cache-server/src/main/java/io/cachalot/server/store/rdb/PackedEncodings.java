package io.cachalot.server.store.rdb;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Redis's packed encodings as they appear inside RDB values: the listpack (small lists,
 * hashes and sorted sets since 7.0) and the intset (small sets of integers). Read only;
 * malformed input is an IllegalArgumentException or IndexOutOfBoundsException.
 *
 * <p>A listpack is a 4-byte total length, a 2-byte count, entries, and 0xFF. An entry is an
 * encoding byte — {@code 0xxxxxxx} a 7-bit unsigned integer, {@code 10LLLLLL} a string of up
 * to 63 bytes, {@code 110xxxxx} a 13-bit signed integer (one more byte), {@code 1110LLLL} a
 * string of up to 4095 bytes (one more length byte), {@code 11110000} a string with a 4-byte
 * length, {@code 1111 0001..0100} a 16, 24, 32 or 64-bit signed integer — its data, and a
 * back-length of 1 to 5 bytes that lets it be walked backwards (skipped here).
 */
final class PackedEncodings {

	private PackedEncodings() {
	}

	/** Each entry of a listpack, integers as their decimal text (as Redis hands them out). */
	static void forEachListpackEntry(byte[] lp, Consumer<byte[]> entry) {
		int total = (int) littleEndian(lp, 0, 4);
		if (total != lp.length || lp[total - 1] != (byte) 0xFF) {
			throw new IllegalArgumentException("bad listpack header");
		}
		int p = 6;
		while ((lp[p] & 0xFF) != 0xFF) {
			int b = lp[p] & 0xFF;
			int start = p;
			if ((b & 0x80) == 0) {
				entry.accept(number(b & 0x7F));
				p += 1;
			}
			else if ((b & 0xC0) == 0x80) {
				int n = b & 0x3F;
				entry.accept(slice(lp, p + 1, n));
				p += 1 + n;
			}
			else if ((b & 0xE0) == 0xC0) {
				int v = ((b & 0x1F) << 8) | (lp[p + 1] & 0xFF);
				entry.accept(number((v >= 1 << 12) ? v - (1 << 13) : v));
				p += 2;
			}
			else if ((b & 0xF0) == 0xE0) {
				int n = ((b & 0x0F) << 8) | (lp[p + 1] & 0xFF);
				entry.accept(slice(lp, p + 2, n));
				p += 2 + n;
			}
			else {
				switch (b) {
					case 0xF0 -> {
						int n = (int) littleEndian(lp, p + 1, 4);
						entry.accept(slice(lp, p + 5, n));
						p += 5 + n;
					}
					case 0xF1 -> {
						entry.accept(number(signed(lp, p + 1, 2)));
						p += 3;
					}
					case 0xF2 -> {
						entry.accept(number(signed(lp, p + 1, 3)));
						p += 4;
					}
					case 0xF3 -> {
						entry.accept(number(signed(lp, p + 1, 4)));
						p += 5;
					}
					case 0xF4 -> {
						entry.accept(number(signed(lp, p + 1, 8)));
						p += 9;
					}
					default -> throw new IllegalArgumentException("bad listpack entry encoding " + b);
				}
			}
			p += backLengthSize(p - start);
		}
	}

	/** Each member of an intset: a 4-byte width (2, 4 or 8), a 4-byte count, little-endian integers. */
	static void forEachIntsetMember(byte[] intset, Consumer<byte[]> member) {
		int width = (int) littleEndian(intset, 0, 4);
		long count = littleEndian(intset, 4, 4);
		if ((width != 2 && width != 4 && width != 8) || 8 + count * width != intset.length) {
			throw new IllegalArgumentException("bad intset header");
		}
		for (int i = 0; i < count; i++) {
			member.accept(number(signed(intset, 8 + i * width, width)));
		}
	}

	/** Bytes of an entry's back-length, by Redis's {@code lpEncodeBacklen} thresholds. */
	static int backLengthSize(int entryLength) {
		if (entryLength <= 127) {
			return 1;
		}
		if (entryLength < 16383) {
			return 2;
		}
		if (entryLength < 2097151) {
			return 3;
		}
		return (entryLength < 268435455) ? 4 : 5;
	}

	/** Builds a listpack: integers in Redis's integer encodings, strings as strings. */
	static final class ListpackWriter {

		private final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();

		private int count;

		ListpackWriter integer(long v) {
			int start = this.body.size();
			if (v >= 0 && v <= 127) {
				this.body.write((int) v);
			}
			else if (v >= -4096 && v <= 4095) {
				long u = v & 0x1FFF;
				this.body.write(0xC0 | (int) (u >>> 8));
				this.body.write((int) u & 0xFF);
			}
			else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
				this.body.write(0xF1);
				littleEndian(v, 2);
			}
			else if (v >= -(1 << 23) && v < (1 << 23)) {
				this.body.write(0xF2);
				littleEndian(v, 3);
			}
			else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
				this.body.write(0xF3);
				littleEndian(v, 4);
			}
			else {
				this.body.write(0xF4);
				littleEndian(v, 8);
			}
			return backLength(start);
		}

		ListpackWriter string(byte[] s) {
			int start = this.body.size();
			if (s.length < 64) {
				this.body.write(0x80 | s.length);
			}
			else if (s.length < 4096) {
				this.body.write(0xE0 | (s.length >>> 8));
				this.body.write(s.length & 0xFF);
			}
			else {
				this.body.write(0xF0);
				littleEndian(s.length, 4);
			}
			this.body.write(s, 0, s.length);
			return backLength(start);
		}

		private void littleEndian(long v, int bytes) {
			for (int i = 0; i < bytes; i++) {
				this.body.write((int) (v >>> (8 * i)) & 0xFF);
			}
		}

		/** Redis's {@code lpEncodeBacklen}: the entry's length, 7 bits a byte, most significant first. */
		private ListpackWriter backLength(int start) {
			int l = this.body.size() - start;
			int n = backLengthSize(l);
			for (int i = n - 1; i >= 0; i--) {
				int part = (l >>> (7 * i)) & 127;
				this.body.write((i == n - 1) ? part : part | 128);
			}
			this.count++;
			return this;
		}

		byte[] toByteArray() {
			byte[] entries = this.body.toByteArray();
			int total = 6 + entries.length + 1;
			byte[] lp = new byte[total];
			for (int i = 0; i < 4; i++) {
				lp[i] = (byte) (total >>> (8 * i));
			}
			int n = Math.min(this.count, 65535);
			lp[4] = (byte) n;
			lp[5] = (byte) (n >>> 8);
			System.arraycopy(entries, 0, lp, 6, entries.length);
			lp[total - 1] = (byte) 0xFF;
			return lp;
		}

	}

	private static byte[] number(long v) {
		return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] slice(byte[] data, int from, int length) {
		if (length < 0 || from + length > data.length) {
			throw new IndexOutOfBoundsException("entry past the end");
		}
		return java.util.Arrays.copyOfRange(data, from, from + length);
	}

	private static long littleEndian(byte[] data, int from, int bytes) {
		long v = 0;
		for (int i = 0; i < bytes; i++) {
			v |= (data[from + i] & 0xFFL) << (8 * i);
		}
		return v;
	}

	private static long signed(byte[] data, int from, int bytes) {
		long v = littleEndian(data, from, bytes);
		int unused = 64 - 8 * bytes;
		return (v << unused) >> unused;
	}

}
