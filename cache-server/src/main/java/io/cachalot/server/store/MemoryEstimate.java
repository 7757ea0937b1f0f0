package io.cachalot.server.store;

import io.cachalot.server.store.type.TypedValue;

/**
 * Bytes an entry costs on the heap, as the store accounts them for {@code used_memory},
 * MEMORY USAGE and maxmemory eviction: the entry's share of its table's parallel arrays at
 * the average load factor plus the key and value objects (array headers, alignment).
 */
public final class MemoryEstimate {

	/**
	 * A key's share of its table: 32 bytes a slot (hash and access word, expiry, version:
	 * 8 B each; key and value references: 4 B each) at the table's average load of about 0.72.
	 */
	static final int SLOT_SHARE = 44;

	private MemoryEstimate() {
	}

	public static long byteArray(int length) {
		return align(16L + length);
	}

	public static long value(Object value) {
		return (value instanceof byte[] b) ? byteArray(b.length) : ((TypedValue) value).memoryUsage();
	}

	static long entry(byte[] key, Object value) {
		return SLOT_SHARE + byteArray(key.length) + value(value);
	}

	public static long align(long n) {
		return (n + 7) & ~7L;
	}

}
