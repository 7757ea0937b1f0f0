package io.cachalot.server.store.type;

import java.util.random.RandomGenerator;

import io.cachalot.server.store.MemoryEstimate;

/**
 * A map from byte strings to byte strings (or a set, with null values): the "hashtable"
 * encoding of large hashes and sets, on a {@link ByteKeyTable}.
 */
final class BytesMap extends ByteKeyTable {

	private byte[][] values; // no initializer: the super constructor allocates it

	/** Bytes of the values (array headers included), kept up to date. */
	private long valueBytes;

	BytesMap(int expected) {
		super(expected);
	}

	@Override
	void allocateValues(int capacity) {
		this.values = new byte[capacity][];
	}

	@Override
	Object values() {
		return this.values;
	}

	@Override
	void moveValue(Object source, int from, int to) {
		this.values[to] = ((byte[][]) source)[from];
	}

	@Override
	void clearValue(int slot) {
		this.values[slot] = null;
	}

	boolean containsKey(byte[] key) {
		return slotOf(key) >= 0;
	}

	byte[] get(byte[] key) {
		int slot = slotOf(key);
		return (slot < 0) ? null : this.values[slot];
	}

	/** Puts and returns true when the key is new. */
	boolean put(byte[] key, byte[] value) {
		int slot = claim(key);
		boolean added = slot >= 0;
		if (!added) {
			slot = -slot - 1;
			this.valueBytes -= bytes(this.values[slot]);
		}
		this.values[slot] = value;
		this.valueBytes += bytes(value);
		return added;
	}

	/** Removes and returns true when the key was present. */
	boolean remove(byte[] key) {
		int slot = slotOf(key);
		if (slot < 0) {
			return false;
		}
		this.valueBytes -= bytes(this.values[slot]);
		removeAt(slot);
		return true;
	}

	private static long bytes(byte[] b) {
		return (b == null) ? 0 : MemoryEstimate.byteArray(b.length);
	}

	long memoryUsage() {
		return keyMemoryUsage() + capacity() * 4L + this.valueBytes;
	}

	/** Visits every entry in table order. */
	void forEach(EntryVisitor visitor) {
		forEachSlot(slot -> visitor.visit(keyAt(slot), this.values[slot]));
	}

	/** A uniformly random key (the map must not be empty). */
	byte[] randomKey(RandomGenerator rnd) {
		return keyAt(randomSlot(rnd));
	}

	/** One SCAN step (see {@link ByteKeyTable#scanSlots}). */
	long scan(long cursor, int count, EntryVisitor visitor) {
		return scanSlots(cursor, count, slot -> visitor.visit(keyAt(slot), this.values[slot]));
	}

	BytesMap copy() {
		BytesMap copy = new BytesMap(0);
		copyKeysInto(copy);
		copy.values = this.values.clone();
		copy.valueBytes = this.valueBytes;
		return copy;
	}

	@FunctionalInterface
	interface EntryVisitor {

		void visit(byte[] key, byte[] value);

	}

}
