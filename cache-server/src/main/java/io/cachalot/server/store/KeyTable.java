package io.cachalot.server.store;

import java.util.Arrays;

/**
 * One database's keys within one stripe: an open-addressing hash table with linear probing
 * and backward-shift deletion (no tombstones), stored in two flat arrays so that a key costs
 * a few array slots instead of a node object, and a lookup touches few cache lines (memory
 * latency, not instructions, is what a lookup in a large keyspace costs):
 *
 * <ul>
 * <li>{@code slots[3i..3i+2]}: the key's table hash (never 0, so an all-zero word marks an
 * empty slot) above 8 flag bits (a string's encoding hint) and its 24-bit access word (an LRU clock or an LFU counter, see
 * {@link AccessClock}); the absolute expiry in unix ms (0 = none); the version (bumped on
 * every write: WATCH, memcached CAS and snapshots use it). A probe reads only this array
 * until the hash matches, and finds the entry's metadata in the same cache line;</li>
 * <li>{@code entries[2i], entries[2i+1]}: the key bytes and the value ({@code byte[]} for
 * strings, a typed object for the other types), side by side;</li>
 * <li>{@code clientFlags[i]}: memcached's 32-bit client flags of the item, in an array that
 * exists only once an item with flags other than 0 was stored here (Redis-only use pays
 * nothing for it).</li>
 * </ul>
 *
 * <p><b>Any capacity.</b> A key's home slot is its table hash scaled to the capacity
 * ({@code hash * capacity >>> 32}), so capacities need not be powers of two: the table grows
 * to a target load of {@value #TARGET_LOAD} when it passes {@value #MAX_LOAD} and shrinks
 * below {@value #MIN_LOAD}, keeping memory per key steady instead of halving the load at
 * every doubling.
 *
 * <p><b>SCAN.</b> Home slots are monotonic in the table hash, and every key lives at or after
 * its home with no empty slot in between. {@link #scanRange} therefore finds all keys whose
 * table hash lies in a range by walking the slots from the range's first home to the end of
 * the last run. A SCAN cursor is a position in hash space, not in the table, so a key present
 * for a whole scan is returned whatever the table did in between (grew, shrank, moved keys).
 *
 * <p>Not thread-safe: the owning {@link Stripe}'s lock guards it.
 */
final class KeyTable {

	static final double MAX_LOAD = 0.85;

	static final double TARGET_LOAD = 0.6;

	static final double MIN_LOAD = 0.2;

	private static final int MIN_CAPACITY = 8;

	private static final long ACCESS_MASK = (1L << 24) - 1;

	/** Longs per slot in {@link #slots}: hash + access word, expiry, version. */
	private static final int W = 3;

	/** One past the largest table hash: positions in hash space run from 0 to this. */
	static final long HASH_SPACE = 1L << 32;

	long[] slots;

	Object[] entries;

	/** Memcached client flags per slot; null while every entry's are 0. */
	int[] clientFlags;

	int size;

	int volatileCount;

	private int capacity;

	private int growAt;

	private int shrinkAt;

	KeyTable() {
		allocate(MIN_CAPACITY);
	}

	private void allocate(int capacity) {
		this.capacity = capacity;
		this.slots = new long[capacity * W];
		this.entries = new Object[capacity * 2];
		this.clientFlags = null;
		this.growAt = (int) Math.min(capacity - 1, capacity * MAX_LOAD);
		this.shrinkAt = (capacity > MIN_CAPACITY) ? (int) (capacity * MIN_LOAD) : -1;
	}

	int capacity() {
		return this.capacity;
	}

	/**
	 * The hash a key is stored and placed under: the keyspace hash remixed (its top bits also
	 * chose the stripe, so they are alike for every key here), never 0.
	 */
	static int tableHash(int hash) {
		int h = hash * 0x9E3779B9;
		h ^= h >>> 16;
		return (h == 0) ? 1 : h;
	}

	private int home(int tableHash) {
		return (int) (((tableHash & 0xFFFFFFFFL) * this.capacity) >>> 32);
	}

	int next(int slot) {
		return (slot + 1 == this.capacity) ? 0 : slot + 1;
	}

	private int tableHashAt(int slot) {
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

	/** The entry's 8 flag bits (bits 24-31 of its first word). */
	int flags(int slot) {
		return (int) ((this.slots[slot * W] >>> 24) & 0xFF);
	}

	void flags(int slot, int flags) {
		int i = slot * W;
		this.slots[i] = (this.slots[i] & ~(0xFFL << 24)) | ((long) (flags & 0xFF) << 24);
	}

	/** The memcached client flags of the entry (0 unless a memcached write set others). */
	int clientFlags(int slot) {
		return (this.clientFlags == null) ? 0 : this.clientFlags[slot];
	}

	void clientFlags(int slot, int flags) {
		if (this.clientFlags == null) {
			if (flags == 0) {
				return;
			}
			this.clientFlags = new int[this.capacity];
		}
		this.clientFlags[slot] = flags;
	}

	int access(int slot) {
		return (int) (this.slots[slot * W] & ACCESS_MASK);
	}

	void access(int slot, int accessWord) {
		int i = slot * W;
		this.slots[i] = (this.slots[i] & ~ACCESS_MASK) | (accessWord & ACCESS_MASK);
	}

	/** The slot of {@code key} ({@code hash} is its keyspace hash), or -1. */
	int find(byte[] key, int hash) {
		int h = tableHash(hash);
		int i = home(h);
		long[] ss = this.slots;
		while (true) {
			long word = ss[i * W];
			if (word == 0) {
				return -1;
			}
			if ((int) (word >>> 32) == h && Arrays.equals((byte[]) this.entries[i << 1], key)) {
				return i;
			}
			i = next(i);
		}
	}

	/** Inserts an absent key and returns its slot. */
	int insert(byte[] key, int hash, Object value, long expireAt, long version, int accessWord) {
		if (this.size + 1 > this.growAt) {
			resize((int) Math.ceil((this.size + 1) / TARGET_LOAD));
		}
		int h = tableHash(hash);
		int i = home(h);
		while (this.slots[i * W] != 0) {
			i = next(i);
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

	/**
	 * Removes the entry at {@code slot}, shifting later entries of its run back. Returns
	 * true when the table was resized (slot numbers changed).
	 */
	boolean removeAt(int slot) {
		if (this.slots[slot * W + 1] != 0) {
			this.volatileCount--;
		}
		int cap = this.capacity;
		int hole = slot;
		int j = next(slot);
		while (this.slots[j * W] != 0) {
			int home = home(tableHashAt(j));
			// move j back into the hole unless its home lies cyclically in (hole, j]
			int distJ = Math.floorMod(j - home, cap);
			int distHole = Math.floorMod(j - hole, cap);
			if (distJ >= distHole) {
				move(j, hole);
				hole = j;
			}
			j = next(j);
		}
		clear(hole);
		this.size--;
		if (this.size < this.shrinkAt) {
			resize(Math.max(MIN_CAPACITY, (int) Math.ceil(this.size / TARGET_LOAD)));
			return true;
		}
		return false;
	}

	private void move(int from, int to) {
		System.arraycopy(this.slots, from * W, this.slots, to * W, W);
		this.entries[to << 1] = this.entries[from << 1];
		this.entries[(to << 1) + 1] = this.entries[(from << 1) + 1];
		if (this.clientFlags != null) {
			this.clientFlags[to] = this.clientFlags[from];
		}
	}

	private void clear(int slot) {
		this.slots[slot * W] = 0;
		this.slots[slot * W + 1] = 0;
		this.slots[slot * W + 2] = 0;
		this.entries[slot << 1] = null;
		this.entries[(slot << 1) + 1] = null;
		if (this.clientFlags != null) {
			this.clientFlags[slot] = 0;
		}
	}

	private void resize(int newCapacity) {
		long[] oldSlots = this.slots;
		Object[] oldEntries = this.entries;
		int[] oldFlags = this.clientFlags;
		int oldCapacity = this.capacity;
		allocate(Math.max(MIN_CAPACITY, newCapacity));
		if (oldFlags != null) {
			this.clientFlags = new int[this.capacity];
		}
		for (int s = 0; s < oldCapacity; s++) {
			long word = oldSlots[s * W];
			if (word != 0) {
				int i = home((int) (word >>> 32));
				while (this.slots[i * W] != 0) {
					i = next(i);
				}
				System.arraycopy(oldSlots, s * W, this.slots, i * W, W);
				this.entries[i << 1] = oldEntries[s << 1];
				this.entries[(i << 1) + 1] = oldEntries[(s << 1) + 1];
				if (oldFlags != null) {
					this.clientFlags[i] = oldFlags[s];
				}
			}
		}
	}

	/**
	 * Calls {@code visitor} once with the slot of every key whose table hash lies in
	 * {@code [from, to)} (unsigned positions in hash space, {@code to <= HASH_SPACE}). The
	 * visitor must not change the table.
	 */
	void scanRange(long from, long to, SlotVisitor visitor) {
		if (this.size == 0 || from >= to) {
			return;
		}
		int first = (int) ((from * this.capacity) >>> 32);
		int last = (int) (((to - 1) * this.capacity) >>> 32);
		int i = first;
		int steps = 0;
		// walk from the first home to the end of the run that holds the last home's keys
		while (steps < this.capacity) {
			boolean pastLast = Math.floorMod(i - first, this.capacity) > last - first;
			if (pastLast && this.slots[i * W] == 0) {
				break;
			}
			if (this.slots[i * W] != 0) {
				long h = tableHashAt(i) & 0xFFFFFFFFL;
				if (h >= from && h < to) {
					visitor.visit(i);
				}
			}
			i = next(i);
			steps++;
		}
	}

	/** A copy of the table's arrays (keys and values shared, not copied): a snapshot's view. */
	KeyTable cloneArrays() {
		KeyTable copy = new KeyTable();
		copy.capacity = this.capacity;
		copy.slots = this.slots.clone();
		copy.entries = this.entries.clone();
		copy.clientFlags = (this.clientFlags != null) ? this.clientFlags.clone() : null;
		copy.size = this.size;
		copy.volatileCount = this.volatileCount;
		copy.growAt = this.growAt;
		copy.shrinkAt = this.shrinkAt;
		return copy;
	}

	@FunctionalInterface
	interface SlotVisitor {

		void visit(int slot);

	}

}
