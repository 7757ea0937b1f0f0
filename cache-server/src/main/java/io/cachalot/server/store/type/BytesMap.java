package io.cachalot.server.store.type;

import java.util.Arrays;

import io.cachalot.server.store.KeyHash;
import io.cachalot.server.store.MemoryEstimate;

/**
 * A map from byte strings to byte strings (or a set, with null values): the "hashtable"
 * encoding of large hashes and sets. Open addressing with linear probing and backward-shift
 * deletion in flat arrays, power-of-two capacity, so a SCAN cursor can walk home buckets in
 * reverse-binary order and keep Redis's guarantee across resizes.
 */
final class BytesMap {

	private static final int MIN_CAPACITY = 8;

	private byte[][] keys;

	private byte[][] values;

	private int[] hashes;

	private int size;

	private int mask;

	/** Bytes of the keys and values (array headers included), kept up to date. */
	private long payloadBytes;

	BytesMap(int expected) {
		allocate(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, expected * 4 / 3)) << 1));
	}

	private void allocate(int capacity) {
		this.keys = new byte[capacity][];
		this.values = new byte[capacity][];
		this.hashes = new int[capacity];
		this.mask = capacity - 1;
	}

	int size() {
		return this.size;
	}

	int capacity() {
		return this.mask + 1;
	}

	private static int hash(byte[] key) {
		int h = KeyHash.hash(key);
		return (h == 0) ? 1 : h;
	}

	private int find(byte[] key, int h) {
		int i = h & this.mask;
		while (this.hashes[i] != 0) {
			if (this.hashes[i] == h && Arrays.equals(this.keys[i], key)) {
				return i;
			}
			i = (i + 1) & this.mask;
		}
		return -1;
	}

	boolean containsKey(byte[] key) {
		return find(key, hash(key)) >= 0;
	}

	byte[] get(byte[] key) {
		int slot = find(key, hash(key));
		return (slot < 0) ? null : this.values[slot];
	}

	/** Puts and returns true when the key is new. */
	boolean put(byte[] key, byte[] value) {
		int h = hash(key);
		int slot = find(key, h);
		if (slot >= 0) {
			this.payloadBytes += bytes(value) - bytes(this.values[slot]);
			this.values[slot] = value;
			return false;
		}
		if ((this.size + 1) * 4L > capacity() * 3L) {
			resize(capacity() * 2);
		}
		int i = h & this.mask;
		while (this.hashes[i] != 0) {
			i = (i + 1) & this.mask;
		}
		this.hashes[i] = h;
		this.keys[i] = key;
		this.values[i] = value;
		this.size++;
		this.payloadBytes += bytes(key) + bytes(value);
		return true;
	}

	/** Removes and returns true when the key was present. */
	boolean remove(byte[] key) {
		int slot = find(key, hash(key));
		if (slot < 0) {
			return false;
		}
		removeAt(slot);
		return true;
	}

	private void removeAt(int slot) {
		this.payloadBytes -= bytes(this.keys[slot]) + bytes(this.values[slot]);
		int m = this.mask;
		int hole = slot;
		int j = (slot + 1) & m;
		while (this.hashes[j] != 0) {
			int home = this.hashes[j] & m;
			if (((j - home) & m) >= ((j - hole) & m)) {
				this.hashes[hole] = this.hashes[j];
				this.keys[hole] = this.keys[j];
				this.values[hole] = this.values[j];
				hole = j;
			}
			j = (j + 1) & m;
		}
		this.hashes[hole] = 0;
		this.keys[hole] = null;
		this.values[hole] = null;
		this.size--;
		if (this.size * 8L < capacity() && capacity() > MIN_CAPACITY) {
			resize(capacity() / 2);
		}
	}

	private void resize(int capacity) {
		byte[][] oldKeys = this.keys;
		byte[][] oldValues = this.values;
		int[] oldHashes = this.hashes;
		allocate(capacity);
		for (int s = 0; s < oldKeys.length; s++) {
			if (oldHashes[s] != 0) {
				int i = oldHashes[s] & this.mask;
				while (this.hashes[i] != 0) {
					i = (i + 1) & this.mask;
				}
				this.hashes[i] = oldHashes[s];
				this.keys[i] = oldKeys[s];
				this.values[i] = oldValues[s];
			}
		}
	}

	private static long bytes(byte[] b) {
		return (b == null) ? 0 : MemoryEstimate.byteArray(b.length);
	}

	long memoryUsage() {
		return 48 + capacity() * 12L + this.payloadBytes;
	}

	/** Visits every entry in table order. */
	void forEach(EntryVisitor visitor) {
		for (int i = 0; i < this.keys.length; i++) {
			if (this.hashes[i] != 0) {
				visitor.visit(this.keys[i], this.values[i]);
			}
		}
	}

	/** A uniformly random occupied slot's key (the map must not be empty). */
	byte[] randomKey(java.util.random.RandomGenerator rnd) {
		while (true) {
			int i = rnd.nextInt(this.keys.length);
			if (this.hashes[i] != 0) {
				return this.keys[i];
			}
		}
	}

	/**
	 * One SCAN step: visits the entries of at least {@code count} home buckets from
	 * {@code cursor} (reverse-binary order); returns the next cursor, 0 when done.
	 */
	long scan(long cursor, int count, EntryVisitor visitor) {
		long v = cursor;
		int visited = 0;
		do {
			int bucket = (int) (v & this.mask);
			int i = bucket;
			while (this.hashes[i] != 0) {
				if ((this.hashes[i] & this.mask) == bucket) {
					visitor.visit(this.keys[i], this.values[i]);
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

	BytesMap copy() {
		BytesMap copy = new BytesMap(0);
		copy.keys = this.keys.clone();
		copy.values = this.values.clone();
		copy.hashes = this.hashes.clone();
		copy.size = this.size;
		copy.mask = this.mask;
		copy.payloadBytes = this.payloadBytes;
		return copy;
	}

	@FunctionalInterface
	interface EntryVisitor {

		void visit(byte[] key, byte[] value);

	}

}
