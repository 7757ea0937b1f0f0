package io.cachalot.server.store;

import java.util.Arrays;

/**
 * One database's keys within one stripe: an open-addressing hash table with linear probing
 * and backward-shift deletion (no tombstones), stored in three flat arrays so that a key
 * costs a few array slots instead of a node object, and one lookup touches few cache lines:
 *
 * <ul>
 * <li>{@code hashes[i]}: the key's 32-bit hash, never 0, so 0 marks an empty slot and a probe
 * reads only this array until the hash matches;</li>
 * <li>{@code entries[2i], entries[2i+1]}: the key bytes and the value ({@code byte[]} for
 * strings, a typed object for the other types), side by side;</li>
 * <li>{@code meta[2i], meta[2i+1]}: the absolute expiry in unix ms (0 = none), and the
 * version (bumped on every write: WATCH, memcached CAS and snapshots use it) above a 24-bit
 * access word (an LRU clock or an LFU counter, see {@link AccessClock}).</li>
 * </ul>
 *
 * <p>Every key lives at or after its home bucket ({@code hash & mask}) with no empty slot in
 * between, so {@link #scanBucket} finds all keys of one home bucket by walking its probe
 * run. SCAN iterates home buckets in reverse-binary order (as Redis's dictScan does), which
 * returns every key present during the whole scan even when the table grows or shrinks
 * between calls.
 *
 * <p>Not thread-safe: the owning {@link Stripe}'s lock guards it.
 */
final class KeyTable {

	private static final int MIN_CAPACITY = 8;

	private static final long ACCESS_MASK = (1L << 24) - 1;

	int[] hashes;

	Object[] entries;

	long[] meta;

	int size;

	int volatileCount;

	int mask;

	KeyTable() {
		allocate(MIN_CAPACITY);
	}

	private void allocate(int capacity) {
		this.hashes = new int[capacity];
		this.entries = new Object[capacity * 2];
		this.meta = new long[capacity * 2];
		this.mask = capacity - 1;
	}

	int capacity() {
		return this.mask + 1;
	}

	/** A key hash as stored: 0 is reserved for empty slots. */
	static int stored(int hash) {
		return (hash == 0) ? 1 : hash;
	}

	boolean occupied(int slot) {
		return this.hashes[slot] != 0;
	}

	byte[] key(int slot) {
		return (byte[]) this.entries[slot << 1];
	}

	Object value(int slot) {
		return this.entries[(slot << 1) + 1];
	}

	void value(int slot, Object value) {
		this.entries[(slot << 1) + 1] = value;
	}

	long expireAt(int slot) {
		return this.meta[slot << 1];
	}

	long version(int slot) {
		return this.meta[(slot << 1) + 1] >>> 24;
	}

	int access(int slot) {
		return (int) (this.meta[(slot << 1) + 1] & ACCESS_MASK);
	}

	void version(int slot, long version) {
		int i = (slot << 1) + 1;
		this.meta[i] = (version << 24) | (this.meta[i] & ACCESS_MASK);
	}

	void access(int slot, int accessWord) {
		int i = (slot << 1) + 1;
		this.meta[i] = (this.meta[i] & ~ACCESS_MASK) | (accessWord & ACCESS_MASK);
	}

	/** The slot of {@code key}, or -1. */
	int find(byte[] key, int hash) {
		int h = stored(hash);
		int m = this.mask;
		int i = h & m;
		int[] hs = this.hashes;
		while (true) {
			int candidate = hs[i];
			if (candidate == 0) {
				return -1;
			}
			if (candidate == h && Arrays.equals((byte[]) this.entries[i << 1], key)) {
				return i;
			}
			i = (i + 1) & m;
		}
	}

	/** Inserts an absent key and returns its slot. */
	int insert(byte[] key, int hash, Object value, long expireAt, long version, int accessWord) {
		if ((this.size + 1) * 4L > capacity() * 3L) {
			resize(capacity() * 2);
		}
		int h = stored(hash);
		int m = this.mask;
		int i = h & m;
		while (this.hashes[i] != 0) {
			i = (i + 1) & m;
		}
		this.hashes[i] = h;
		this.entries[i << 1] = key;
		this.entries[(i << 1) + 1] = value;
		this.meta[i << 1] = expireAt;
		this.meta[(i << 1) + 1] = (version << 24) | (accessWord & ACCESS_MASK);
		this.size++;
		if (expireAt != 0) {
			this.volatileCount++;
		}
		return i;
	}

	void setExpire(int slot, long expireAt) {
		long old = this.meta[slot << 1];
		if ((old != 0) != (expireAt != 0)) {
			this.volatileCount += (expireAt != 0) ? 1 : -1;
		}
		this.meta[slot << 1] = expireAt;
	}

	/** Removes the entry at {@code slot}, shifting later entries of its run back. */
	void removeAt(int slot) {
		if (this.meta[slot << 1] != 0) {
			this.volatileCount--;
		}
		int m = this.mask;
		int hole = slot;
		int j = (slot + 1) & m;
		while (this.hashes[j] != 0) {
			int home = this.hashes[j] & m;
			if (((j - home) & m) >= ((j - hole) & m)) {
				move(j, hole);
				hole = j;
			}
			j = (j + 1) & m;
		}
		clear(hole);
		this.size--;
		if (this.size * 8L < capacity() && capacity() > MIN_CAPACITY) {
			resize(capacity() / 2);
		}
	}

	private void move(int from, int to) {
		this.hashes[to] = this.hashes[from];
		this.entries[to << 1] = this.entries[from << 1];
		this.entries[(to << 1) + 1] = this.entries[(from << 1) + 1];
		this.meta[to << 1] = this.meta[from << 1];
		this.meta[(to << 1) + 1] = this.meta[(from << 1) + 1];
	}

	private void clear(int slot) {
		this.hashes[slot] = 0;
		this.entries[slot << 1] = null;
		this.entries[(slot << 1) + 1] = null;
		this.meta[slot << 1] = 0;
		this.meta[(slot << 1) + 1] = 0;
	}

	private void resize(int capacity) {
		int[] oldHashes = this.hashes;
		Object[] oldEntries = this.entries;
		long[] oldMeta = this.meta;
		allocate(Math.max(MIN_CAPACITY, capacity));
		int m = this.mask;
		for (int s = 0; s < oldHashes.length; s++) {
			int h = oldHashes[s];
			if (h != 0) {
				int i = h & m;
				while (this.hashes[i] != 0) {
					i = (i + 1) & m;
				}
				this.hashes[i] = h;
				this.entries[i << 1] = oldEntries[s << 1];
				this.entries[(i << 1) + 1] = oldEntries[(s << 1) + 1];
				this.meta[i << 1] = oldMeta[s << 1];
				this.meta[(i << 1) + 1] = oldMeta[(s << 1) + 1];
			}
		}
	}

	/**
	 * Calls {@code visitor} with the slot of every key whose home bucket is {@code bucket}
	 * (in the current table size). The visitor must not change the table.
	 */
	void scanBucket(int bucket, SlotVisitor visitor) {
		int m = this.mask;
		int i = bucket & m;
		while (this.hashes[i] != 0) {
			if ((this.hashes[i] & m) == (bucket & m)) {
				visitor.visit(i);
			}
			i = (i + 1) & m;
		}
	}

	/**
	 * The next cursor after {@code cursor} in reverse-binary order for this table's size, 0
	 * when the table has been covered.
	 */
	long nextCursor(long cursor) {
		long m = this.mask;
		long v = cursor | ~m;
		v = Long.reverse(v);
		v++;
		v = Long.reverse(v);
		return v & 0xFFFFFFFFL;
	}

	@FunctionalInterface
	interface SlotVisitor {

		void visit(int slot);

	}

}
