package io.cachalot.server.store;

/**
 * The store's outward seam: called, under the stripe lock of the key, for every change the
 * store makes. WATCH, keyspace notifications and client-side-caching invalidations plug in
 * here, so every write path (commands, MULTI, scripts, expiry, eviction, flushes) reaches
 * them without handler code.
 */
public interface KeyspaceListener {

	KeyspaceListener NONE = new KeyspaceListener() {
	};

	/** A key's value, type or TTL changed, or the key was deleted by a command. */
	default void keyModified(int db, byte[] key) {
	}

	/** A command created a key that did not exist (called before its keyModified). */
	default void keyCreated(int db, byte[] key) {
	}

	/** A read found no key (what INFO counts as a keyspace miss). */
	default void keyMissed(int db, byte[] key) {
	}

	/** A command removed a key (DEL, or a value it left empty); by default a modification. */
	default void keyDeleted(int db, byte[] key) {
		keyModified(db, key);
	}

	/** A write stored a value together with a TTL (SET EX, SETEX ...), after its keyModified. */
	default void keyWrittenWithTtl(int db, byte[] key) {
	}

	/** Fields of the hash at {@code key} expired and were removed ({@code keyDeleted}: the last ones). */
	default void hashFieldsExpired(int db, byte[] key, boolean keyDeleted) {
	}

	/** A key was removed because its TTL passed (lazily or by the active cycle). */
	default void keyExpired(int db, byte[] key) {
	}

	/** A key was removed by maxmemory eviction. */
	default void keyEvicted(int db, byte[] key) {
	}

	/** A database ({@code -1}: all of them) was emptied. */
	default void flushed(int db) {
	}

	/** SWAPDB exchanged two databases. */
	default void swapped(int db1, int db2) {
	}

}
