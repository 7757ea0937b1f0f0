package io.cachalot.server.store;

import java.util.Arrays;

/**
 * One database's keys within one stripe: an open-addressing hash table with linear probing
 * and backward-shift deletion (no tombstones), stored in two flat arrays so that a key costs
 * a few array slots instead of a node object, and a lookup touches few cache lines (memory
 * latency, not instructions, is what a lookup in a large keyspace costs):
 *
 * <ul>
 * <li>{@code slots[3i..3i+2]}: the key's 32-bit hash (never 0, so an all-zero word marks an
 * empty slot) above its 24-bit access word (an LRU clock or an LFU counter, see
 * {@link AccessClock}); the absolute expiry in unix ms (0 = none); the version (bumped on
 * every write: WATCH, memcached CAS and snapshots use it). A probe reads only this array
 * until the hash matches, and finds the entry's metadata in the same cache line;</li>
 * <li>{@code entries[2i], entries[2i+1]}: the key bytes and the value ({@code byte[]} for
 * strings, a typed object for the other types), side by side.</li>
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

	/** Longs per slot in {@link #slots}: hash + access word, expiry, version. */
	private static final int W = 3;

	long[] slots;

	Object[] entries;

	int size;

	int volatileCount;

	int mask;

	KeyTable() {
		allocate(MIN_CAPACITY);
	}

	private void allocate(int capacity) {
		this.slots = new long[capacity * W];
		this.entries = new Object[capacity * 2];
		this.mask = capacity - 1;
	}

	int capacity() {
		return this.mask + 1;
	}

	/** A key hash as stored: 0 is reserved for empty slots. */
	static int stored(int hash) {
		return (hash == 0) ? 1 : hash;
	}

	private int hashAt(int slot) {
		return (int) (this.slots[slot * W] >>> 32);
	}

	boolean occupied(int slot) {
		return this.slots[slot * W] != 0;
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
		return this.slots[slot * W + 1];
	}

	long version(int slot) {
		return this.slots[slot * W + 2];
	}

	void version(int slot, long version) {
		this.slots[slot * W + 2] = version;
	}

	int access(int slot) {
		return (int) (this.slots[slot * W] & ACCESS_MASK);
	}

	void access(int slot, int accessWord) {
		int i = slot * W;
		this.slots[i] = (this.slots[i] & ~ACCESS_MASK) | (accessWord & ACCESS_MASK);
	}

	/** The slot of {@code key}, or -1. */
	int find(byte[] key, int hash) {
		int h = stored(hash);
		int m = this.mask;
		int i = h & m;
		long[] ss = this.slots;
		while (true) {
			long word = ss[i * W];
			if (word == 0) {
				return -1;
			}
			if ((int) (word >>> 32) == h && Arrays.equals((byte[]) this.entries[i << 1], key)) {
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
		while (this.slots[i * W] != 0) {
			i = (i + 1) & m;
		}
		this.slots[i * W] = ((long) h << 32) | (accessWord & ACCESS_MASK);
		this.slots[i * W + 1] = expireAt;
		this.slots[i * W + 2] = version;
		this.entries[i << 1] = key;
		this.entries[(i << 1) + 1] = value;
		this.size++;
		if (expireAt != 0) {
			this.volatileCount++;
		}
		return i;
	}

	void setExpire(int slot, long expireAt) {
		long old = this.slots[slot * W + 1];
		if ((old != 0) != (expireAt != 0)) {
			this.volatileCount += (expireAt != 0) ? 1 : -1;
		}
		this.slots[slot * W + 1] = expireAt;
	}

	/** Removes the entry at {@code slot}, shifting later entries of its run back. */
	void removeAt(int slot) {
		if (this.slots[slot * W + 1] != 0) {
			this.volatileCount--;
		}
		int m = this.mask;
		int hole = slot;
		int j = (slot + 1) & m;
		while (this.slots[j * W] != 0) {
			int home = hashAt(j) & m;
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
		System.arraycopy(this.slots, from * W, this.slots, to * W, W);
		this.entries[to << 1] = this.entries[from << 1];
		this.entries[(to << 1) + 1] = this.entries[(from << 1) + 1];
	}

	private void clear(int slot) {
		this.slots[slot * W] = 0;
		this.slots[slot * W + 1] = 0;
		this.slots[slot * W + 2] = 0;
		this.entries[slot << 1] = null;
		this.entries[(slot << 1) + 1] = null;
	}

	private void resize(int capacity) {
		long[] oldSlots = this.slots;
		Object[] oldEntries = this.entries;
		int oldCapacity = capacity();
		allocate(Math.max(MIN_CAPACITY, capacity));
		int m = this.mask;
		for (int s = 0; s < oldCapacity; s++) {
			long word = oldSlots[s * W];
			if (word != 0) {
				int i = (int) (word >>> 32) & m;
				while (this.slots[i * W] != 0) {
					i = (i + 1) & m;
				}
				System.arraycopy(oldSlots, s * W, this.slots, i * W, W);
				this.entries[i << 1] = oldEntries[s << 1];
				this.entries[(i << 1) + 1] = oldEntries[(s << 1) + 1];
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
		while (this.slots[i * W] != 0) {
			if ((hashAt(i) & m) == (bucket & m)) {
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
