package io.cachalot.server.store.expiry;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which keys of each database hold a hash with per-field TTLs (Redis 7.4's HEXPIRE family),
 * so the active expiry cycle can purge expired fields that nobody reads — the field-level
 * counterpart of a table's volatile-key count.
 *
 * <p>Keys are registered by the store whenever it writes a hash that has field TTLs (any
 * path: HEXPIRE, RENAME, COPY, MOVE, RESTORE); an entry whose key no longer holds such a
 * hash is dropped when the cycle next visits it, so deletes and overwrites need no hook.
 * FLUSHDB / FLUSHALL clear and SWAPDB swaps the sets with the tables.
 */
public final class FieldExpiryIndex {

	private final Set<ByteBuffer>[] keys;

	@SuppressWarnings("unchecked")
	public FieldExpiryIndex(int databases) {
		this.keys = new Set[databases];
		for (int i = 0; i < databases; i++) {
			this.keys[i] = ConcurrentHashMap.newKeySet();
		}
	}

	public void register(int db, byte[] key) {
		Set<ByteBuffer> set = this.keys[db];
		ByteBuffer k = ByteBuffer.wrap(key);
		if (!set.contains(k)) {
			set.add(ByteBuffer.wrap(key.clone()));
		}
	}

	public void unregister(int db, byte[] key) {
		this.keys[db].remove(ByteBuffer.wrap(key));
	}

	/** The registered keys of a database (a live, weakly consistent view). */
	public Iterable<ByteBuffer> keys(int db) {
		return this.keys[db];
	}

	public int size(int db) {
		return this.keys[db].size();
	}

	/** Forgets one database, or all with {@code db == -1}; the caller holds every stripe. */
	public void flushed(int db) {
		for (int i = 0; i < this.keys.length; i++) {
			if (db < 0 || db == i) {
				this.keys[i].clear();
			}
		}
	}

	/** SWAPDB; the caller holds every stripe. */
	public void swapped(int db1, int db2) {
		Set<ByteBuffer> t = this.keys[db1];
		this.keys[db1] = this.keys[db2];
		this.keys[db2] = t;
	}

}
