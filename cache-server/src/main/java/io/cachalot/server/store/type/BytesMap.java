package io.cachalot.server.store.type;

import java.util.random.RandomGenerator;

/**
 * A map from byte strings to byte strings: the "hashtable" encoding of large hashes, on a
 * {@link ByteKeyTable} whose entries pack key and value into one array ({@link PackedEntry}):
 * an array header and a slot reference less per field than separate key and value arrays
 * (about 20 bytes a field). Reads copy the parts out.
 */
final class BytesMap extends ByteKeyTable {

	BytesMap(int expected) {
		super(expected, true);
	}

	boolean containsKey(byte[] key) {
		return slotOf(key) >= 0;
	}

	byte[] get(byte[] key) {
		int slot = slotOf(key);
		return (slot < 0) ? null : PackedEntry.valueOf(entryAt(slot));
	}

	/** Puts and returns true when the key is new. */
	boolean put(byte[] key, byte[] value) {
		byte[] entry = PackedEntry.pack(key, value);
		int slot = claim(key, entry);
		if (slot < 0) {
			setEntryAt(-slot - 1, entry);
			return false;
		}
		return true;
	}

	/** Visits every entry in table order. */
	void forEach(EntryVisitor visitor) {
		forEachSlot(slot -> visit(slot, visitor));
	}

	private void visit(int slot, EntryVisitor visitor) {
		byte[] entry = entryAt(slot);
		visitor.visit(PackedEntry.keyOf(entry), PackedEntry.valueOf(entry));
	}

	/** A uniformly random key (the map must not be empty). */
	byte[] randomKey(RandomGenerator rnd) {
		return PackedEntry.keyOf(entryAt(randomSlot(rnd)));
	}

	/** One SCAN step (see {@link ByteKeyTable#scanSlots}). */
	long scan(long cursor, int count, EntryVisitor visitor) {
		return scanSlots(cursor, count, slot -> visit(slot, visitor));
	}

	BytesMap copy() {
		BytesMap copy = new BytesMap(0);
		copyEntriesInto(copy);
		return copy;
	}

	@FunctionalInterface
	interface EntryVisitor {

		void visit(byte[] key, byte[] value);

	}

}
