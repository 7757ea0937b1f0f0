package io.cachalot.server.store;

import io.cachalot.server.store.type.TypedValue;

/**
 * A point-in-time view of every database, taken without fork: the seam that RDB snapshots,
 * replication full syncs and backups iterate.
 *
 * <p><b>How.</b> {@link Keyspace#snapshot()} holds every stripe lock just long enough to clone
 * each table's two flat arrays (a memory copy, no per-key work) and to record each stripe's
 * version counter as the snapshot's epoch. Strings are immutable arrays, so the clone alone is
 * consistent for them. Typed values change in place; before a command changes one whose
 * entry has not been written since the snapshot (its version is at most the epoch),
 * {@link Db#valueForUpdate} gives the snapshot a deep copy and bumps the entry's version, so
 * the snapshot keeps the value as it was and pays for each value at most once. Writers never
 * wait for the snapshot to be read.
 *
 * <p>Close it when done, so writers stop preserving values for it.
 */
public final class KeyspaceSnapshot implements AutoCloseable {

	private final Keyspace keyspace;

	private final KeyTable[][] tables;

	private final long[] epochs;

	private volatile boolean open = true;

	KeyspaceSnapshot(Keyspace keyspace, KeyTable[][] tables, long[] epochs) {
		this.keyspace = keyspace;
		this.tables = tables;
		this.epochs = epochs;
	}

	/** Visits every entry live at the snapshot's instant (not yet expired then), database by database. */
	public void forEach(long atMillis, EntryVisitor visitor) {
		int databases = this.keyspace.databases();
		for (int db = 0; db < databases; db++) {
			for (KeyTable[] byDb : this.tables) {
				KeyTable t = byDb[db];
				if (t == null) {
					continue;
				}
				for (int slot = 0; slot < t.capacity(); slot++) {
					if (t.occupied(slot) && (t.expireAt(slot) == 0 || t.expireAt(slot) > atMillis)) {
						// a writer about to change this value in place copies it for the snapshot
						// under the same monitor first: the value cannot change while it is visited
						synchronized (t) {
							visitor.visit(db, t.key(slot), t.value(slot), t.expireAt(slot));
						}
					}
				}
			}
		}
	}

	/** Keys of database {@code db} in the snapshot (expired ones included: a hint for RDB's RESIZEDB). */
	public long size(int db) {
		long n = 0;
		for (KeyTable[] byDb : this.tables) {
			n += (byDb[db] != null) ? byDb[db].size : 0;
		}
		return n;
	}

	/** Keys with a TTL in database {@code db} of the snapshot. */
	public long volatileSize(int db) {
		long n = 0;
		for (KeyTable[] byDb : this.tables) {
			n += (byDb[db] != null) ? byDb[db].volatileCount : 0;
		}
		return n;
	}

	boolean isOpen() {
		return this.open;
	}

	/**
	 * Called under the stripe lock before an in-place change of the typed value of an entry
	 * of {@code stripe} with {@code version}: keeps a copy of the old value for the snapshot.
	 */
	void preserve(int stripe, int db, byte[] key, int hash, long version, TypedValue current) {
		if (!this.open || version > this.epochs[stripe]) {
			return;
		}
		KeyTable t = this.tables[stripe][db];
		if (t == null) {
			return;
		}
		synchronized (t) {
			int slot = t.find(key, hash);
			if (slot >= 0 && t.value(slot) == current) {
				t.value(slot, current.copy());
			}
		}
	}

	@Override
	public void close() {
		this.open = false;
		this.keyspace.release(this);
	}

	/** Visits every entry live at {@code atMillis} whose memcached client flags are not 0. */
	public void forEachClientFlags(long atMillis, FlagsVisitor visitor) {
		int databases = this.keyspace.databases();
		for (int db = 0; db < databases; db++) {
			for (KeyTable[] byDb : this.tables) {
				KeyTable t = byDb[db];
				if (t == null || t.clientFlags == null) {
					continue;
				}
				for (int slot = 0; slot < t.capacity(); slot++) {
					if (t.occupied(slot) && t.clientFlags(slot) != 0
							&& (t.expireAt(slot) == 0 || t.expireAt(slot) > atMillis)) {
						visitor.visit(db, t.key(slot), t.clientFlags(slot));
					}
				}
			}
		}
	}

	/** Receives an entry's memcached client flags. */
	@FunctionalInterface
	public interface FlagsVisitor {

		void visit(int db, byte[] key, int clientFlags);

	}

	/** Receives one entry of a snapshot. */
	@FunctionalInterface
	public interface EntryVisitor {

		void visit(int db, byte[] key, Object value, long expireAt);

	}

}
