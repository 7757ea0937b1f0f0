package io.cachalot.server.store.type;

import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/** A set of byte strings: the "hashtable" encoding of large sets, on a {@link ByteKeyTable}. */
final class BytesSet extends ByteKeyTable {

	BytesSet(int expected) {
		super(expected, false);
	}

	boolean contains(byte[] member) {
		return slotOf(member) >= 0;
	}

	/** Adds and returns true when the member is new. */
	boolean add(byte[] member) {
		return claim(member, member) >= 0;
	}

	void forEach(Consumer<byte[]> visitor) {
		forEachSlot(slot -> visitor.accept(entryAt(slot)));
	}

	byte[] randomMember(RandomGenerator rnd) {
		return entryAt(randomSlot(rnd));
	}

	/** One SSCAN step (see {@link ByteKeyTable#scanSlots}). */
	long scan(long cursor, int count, Consumer<byte[]> visitor) {
		return scanSlots(cursor, count, slot -> visitor.accept(entryAt(slot)));
	}

	BytesSet copy() {
		BytesSet copy = new BytesSet(0);
		copyEntriesInto(copy);
		return copy;
	}

}
