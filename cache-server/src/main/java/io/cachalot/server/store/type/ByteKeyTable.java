package io.cachalot.server.store.type;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

import io.cachalot.server.store.KeyHash;
import io.cachalot.server.store.MemoryEstimate;

/**
 * An open-addressing table keyed by byte strings: linear probing and backward-shift deletion
 * in flat arrays, power-of-two capacity, so a SCAN cursor can walk home buckets in
 * reverse-binary order and keep Redis's guarantee across resizes. Each slot holds one byte
 * array, the entry: the key itself, or the key packed with its value ({@link PackedEntry}).
 * Subclasses may keep values in parallel arrays and move them when the table moves a slot;
 * everything else — probing, growth, shrinking, scanning — lives here.
 */
abstract class ByteKeyTable {

	private static final int MIN_CAPACITY = 8;

	/** Entries are {@link PackedEntry packed} key-value arrays rather than bare keys. */
	private final boolean packed;

	private byte[][] entries;

	private int[] hashes;

	private int size;

	private int mask;

	/** Bytes of the entries (array headers included), kept up to date. */
	private long entryBytes;

	ByteKeyTable(int expected, boolean packed) {
		this.packed = packed;
		allocate(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, expected * 4 / 3)) << 1));
	}

	/** Allocates the parallel value array(s), if any, for a new capacity. */
	void allocateValues(int capacity) {
	}

	/** The current value array(s), handed back to {@link #moveValue} after a resize. */
	Object values() {
		return null;
	}

	/** Copies the value at {@code from} in {@code source} (a {@link #values()}) to {@code to}. */
	void moveValue(Object source, int from, int to) {
	}

	/** Forgets the value at a slot that became empty. */
	void clearValue(int slot) {
	}

	private boolean keyEquals(byte[] entry, byte[] key) {
		return this.packed ? PackedEntry.keyEquals(entry, key) : Arrays.equals(entry, key);
	}

	private void allocate(int capacity) {
		this.entries = new byte[capacity][];
		this.hashes = new int[capacity];
		this.mask = capacity - 1;
		allocateValues(capacity);
	}

	final int size() {
		return this.size;
	}

	final int capacity() {
		return this.mask + 1;
	}

	final byte[] entryAt(int slot) {
		return this.entries[slot];
	}

	/** Replaces the entry of an occupied slot (same key). */
	final void setEntryAt(int slot, byte[] entry) {
		this.entryBytes += MemoryEstimate.byteArray(entry.length) - MemoryEstimate.byteArray(this.entries[slot].length);
		this.entries[slot] = entry;
	}

	private static int hash(byte[] key) {
		int h = KeyHash.hash(key);
		return (h == 0) ? 1 : h;
	}

	private int find(byte[] key, int h) {
		int i = h & this.mask;
		while (this.hashes[i] != 0) {
			if (this.hashes[i] == h && keyEquals(this.entries[i], key)) {
				return i;
			}
			i = (i + 1) & this.mask;
		}
		return -1;
	}

	/** The slot holding {@code key}, or -1. */
	final int slotOf(byte[] key) {
		return find(key, hash(key));
	}

	/**
	 * The slot for {@code key}: its present slot (returned as {@code -slot - 1}) or a new one
	 * claimed for it, holding {@code entry} (returned as is, the caller stores any value there).
	 */
	final int claim(byte[] key, byte[] entry) {
		int h = hash(key);
		int slot = find(key, h);
		if (slot >= 0) {
			return -slot - 1;
		}
		if ((this.size + 1) * 4L > capacity() * 3L) {
			resize(capacity() * 2);
		}
		int i = h & this.mask;
		while (this.hashes[i] != 0) {
			i = (i + 1) & this.mask;
		}
		this.hashes[i] = h;
		this.entries[i] = entry;
		this.size++;
		this.entryBytes += MemoryEstimate.byteArray(entry.length);
		return i;
	}

	/** Removes the entry of {@code key}; returns whether it was present. */
	final boolean remove(byte[] key) {
		int slot = slotOf(key);
		if (slot < 0) {
			return false;
		}
		removeAt(slot);
		return true;
	}

	/** Bytes of the table; subclasses with parallel value arrays add theirs. */
	long memoryUsage() {
		return entryMemoryUsage();
	}

	/** Empties a slot, shifting later entries of its probe run back; may shrink the table. */
	final void removeAt(int slot) {
		this.entryBytes -= MemoryEstimate.byteArray(this.entries[slot].length);
		Object values = values();
		int m = this.mask;
		int hole = slot;
		int j = (slot + 1) & m;
		while (this.hashes[j] != 0) {
			int home = this.hashes[j] & m;
			if (((j - home) & m) >= ((j - hole) & m)) {
				this.hashes[hole] = this.hashes[j];
				this.entries[hole] = this.entries[j];
				moveValue(values, j, hole);
				hole = j;
			}
			j = (j + 1) & m;
		}
		this.hashes[hole] = 0;
		this.entries[hole] = null;
		clearValue(hole);
		this.size--;
		if (this.size * 8L < capacity() && capacity() > MIN_CAPACITY) {
			resize(capacity() / 2);
		}
	}

	private void resize(int capacity) {
		byte[][] oldEntries = this.entries;
		int[] oldHashes = this.hashes;
		Object oldValues = values();
		allocate(capacity);
		for (int s = 0; s < oldEntries.length; s++) {
			if (oldHashes[s] != 0) {
				int i = oldHashes[s] & this.mask;
				while (this.hashes[i] != 0) {
					i = (i + 1) & this.mask;
				}
				this.hashes[i] = oldHashes[s];
				this.entries[i] = oldEntries[s];
				moveValue(oldValues, s, i);
			}
		}
	}

	/** Entry bytes plus the slot arrays; subclasses add any parallel values. */
	long entryMemoryUsage() {
		return 48 + capacity() * 8L + this.entryBytes;
	}

	/** Visits every occupied slot in table order. */
	final void forEachSlot(IntConsumer visitor) {
		for (int i = 0; i < this.hashes.length; i++) {
			if (this.hashes[i] != 0) {
				visitor.accept(i);
			}
		}
	}

	/** A uniformly random occupied slot (the table must not be empty). */
	final int randomSlot(RandomGenerator rnd) {
		while (true) {
			int i = rnd.nextInt(this.hashes.length);
			if (this.hashes[i] != 0) {
				return i;
			}
		}
	}

	/**
	 * One SCAN step: visits the occupied slots of at least {@code count} home buckets from
	 * {@code cursor} (reverse-binary order); returns the next cursor, 0 when done.
	 */
	final long scanSlots(long cursor, int count, IntConsumer visitor) {
		long v = cursor;
		int visited = 0;
		do {
			int bucket = (int) (v & this.mask);
			int i = bucket;
			while (this.hashes[i] != 0) {
				if ((this.hashes[i] & this.mask) == bucket) {
					visitor.accept(i);
				}
				i = (i + 1) & this.mask;
			}
			v |= ~(long) this.mask;
			v = Long.reverse(v);
			v++;
			v = Long.reverse(v);
			v &= 0xFFFFFFFFL;
			visited++;
		}
		while (v != 0 && visited < count);
		return v;
	}

	/** Makes {@code copy}'s entries a copy of these (the subclass copies parallel values). */
	final void copyEntriesInto(ByteKeyTable copy) {
		copy.entries = this.entries.clone();
		copy.hashes = this.hashes.clone();
		copy.size = this.size;
		copy.mask = this.mask;
		copy.entryBytes = this.entryBytes;
	}

}
