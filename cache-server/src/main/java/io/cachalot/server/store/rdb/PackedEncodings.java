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

	private static int backLengthSize(int entryLength) {
		if (entryLength < 128) {
			return 1;
		}
		if (entryLength < 16384) {
			return 2;
		}
		if (entryLength < 2097152) {
			return 3;
		}
		return (entryLength < 268435456) ? 4 : 5;
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
