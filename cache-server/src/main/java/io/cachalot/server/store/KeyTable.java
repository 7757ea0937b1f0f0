package io.cachalot.server.store;

import java.util.Arrays;

/**
 * One database's keys within one stripe: an open-addressing hash table with linear probing
 * and backward-shift deletion (no tombstones), stored as parallel primitive arrays so that a
 * key costs a few array slots instead of a node object.
 *
 * <p>Per slot: the key bytes, the value ({@code byte[]} for strings, a typed object for
 * the other types), the key's 32-bit hash, its absolute expiry in unix milliseconds (0 = no
 * expiry), its version (bumped on every write: WATCH, memcached CAS and snapshots use it)
 * and its access word (an LRU clock or an LFU counter, see {@link AccessClock}).
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

	byte[][] keys;

	Object[] values;

	int[] hashes;

	long[] expires;

	long[] versions;

	int[] access;

	int size;

	int volatileCount;

	int mask;

	KeyTable() {
		allocate(MIN_CAPACITY);
	}

	private void allocate(int capacity) {
		this.keys = new byte[capacity][];
		this.values = new Object[capacity];
		this.hashes = new int[capacity];
		this.expires = new long[capacity];
		this.versions = new long[capacity];
		this.access = new int[capacity];
		this.mask = capacity - 1;
	}

	int capacity() {
		return this.mask + 1;
	}

	/** The slot of {@code key}, or -1. */
	int find(byte[] key, int hash) {
		int m = this.mask;
		int i = hash & m;
		byte[][] ks = this.keys;
		while (true) {
			byte[] k = ks[i];
			if (k == null) {
				return -1;
			}
			if (this.hashes[i] == hash && Arrays.equals(k, key)) {
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
		int m = this.mask;
		int i = hash & m;
		while (this.keys[i] != null) {
			i = (i + 1) & m;
		}
		this.keys[i] = key;
		this.values[i] = value;
		this.hashes[i] = hash;
		this.expires[i] = expireAt;
		this.versions[i] = version;
		this.access[i] = accessWord;
		this.size++;
		if (expireAt != 0) {
			this.volatileCount++;
		}
		return i;
	}

	void setExpire(int slot, long expireAt) {
		long old = this.expires[slot];
		if ((old != 0) != (expireAt != 0)) {
			this.volatileCount += (expireAt != 0) ? 1 : -1;
		}
		this.expires[slot] = expireAt;
	}

	/** Removes the entry at {@code slot}, shifting later entries of its run back. */
	void removeAt(int slot) {
		if (this.expires[slot] != 0) {
			this.volatileCount--;
		}
		int m = this.mask;
		int hole = slot;
		int j = (slot + 1) & m;
		while (this.keys[j] != null) {
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
		this.keys[to] = this.keys[from];
		this.values[to] = this.values[from];
		this.hashes[to] = this.hashes[from];
		this.expires[to] = this.expires[from];
		this.versions[to] = this.versions[from];
		this.access[to] = this.access[from];
	}

	private void clear(int slot) {
		this.keys[slot] = null;
		this.values[slot] = null;
		this.hashes[slot] = 0;
		this.expires[slot] = 0;
		this.versions[slot] = 0;
		this.access[slot] = 0;
	}

	private void resize(int capacity) {
		byte[][] oldKeys = this.keys;
		Object[] oldValues = this.values;
		int[] oldHashes = this.hashes;
		long[] oldExpires = this.expires;
		long[] oldVersions = this.versions;
		int[] oldAccess = this.access;
		allocate(Math.max(MIN_CAPACITY, capacity));
		int m = this.mask;
		for (int s = 0; s < oldKeys.length; s++) {
			if (oldKeys[s] != null) {
				int i = oldHashes[s] & m;
				while (this.keys[i] != null) {
					i = (i + 1) & m;
				}
				this.keys[i] = oldKeys[s];
				this.values[i] = oldValues[s];
				this.hashes[i] = oldHashes[s];
				this.expires[i] = oldExpires[s];
				this.versions[i] = oldVersions[s];
				this.access[i] = oldAccess[s];
			}
		}
	}

	/**
	 * Calls {@code visitor} with the slot of every key whose home bucket is {@code bucket}
	 * (in the current table size).
	 */
	void scanBucket(int bucket, SlotVisitor visitor) {
		int m = this.mask;
		int i = bucket & m;
		while (this.keys[i] != null) {
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

	/** Forgets everything (FLUSHDB). */
	void clearAll() {
		allocate(MIN_CAPACITY);
		this.size = 0;
		this.volatileCount = 0;
	}

	@FunctionalInterface
	interface SlotVisitor {

		void visit(int slot);

	}

}
