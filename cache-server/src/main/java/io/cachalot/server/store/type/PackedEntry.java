package io.cachalot.server.store.type;

import java.util.Arrays;

/** A key and its value in one byte array: a varint key length, the key bytes, the value bytes. */
final class PackedEntry {

	private PackedEntry() {
	}

	private static int varintSize(int n) {
		int size = 1;
		while ((n >>>= 7) != 0) {
			size++;
		}
		return size;
	}

	static byte[] pack(byte[] key, byte[] value) {
		int header = varintSize(key.length);
		byte[] entry = new byte[header + key.length + value.length];
		int n = key.length;
		int at = 0;
		while ((n & ~0x7F) != 0) {
			entry[at++] = (byte) ((n & 0x7F) | 0x80);
			n >>>= 7;
		}
		entry[at] = (byte) n;
		System.arraycopy(key, 0, entry, header, key.length);
		System.arraycopy(value, 0, entry, header + key.length, value.length);
		return entry;
	}

	private static int keyLength(byte[] entry) {
		int n = 0;
		int shift = 0;
		for (int at = 0;; at++, shift += 7) {
			n |= (entry[at] & 0x7F) << shift;
			if ((entry[at] & 0x80) == 0) {
				return n;
			}
		}
	}

	static byte[] keyOf(byte[] entry) {
		int length = keyLength(entry);
		int start = varintSize(length);
		return Arrays.copyOfRange(entry, start, start + length);
	}

	static byte[] valueOf(byte[] entry) {
		int length = keyLength(entry);
		return Arrays.copyOfRange(entry, varintSize(length) + length, entry.length);
	}

	static boolean keyEquals(byte[] entry, byte[] key) {
		int length = keyLength(entry);
		if (length != key.length) {
			return false;
		}
		int start = varintSize(length);
		return Arrays.equals(entry, start, start + length, key, 0, length);
	}

}
