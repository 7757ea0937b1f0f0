package io.cachalot.server.command.transaction;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.cachalot.server.store.Keyspace;
import io.cachalot.server.store.KeyspaceListener;

/**
 * WATCH: which sessions watch which keys, and the keyspace listener that marks a watcher's
 * transaction dirty when one of its keys changes by any path — a command on any thread,
 * another EXEC, expiry (lazy or active), eviction, FLUSHDB / FLUSHALL and SWAPDB (for keys
 * that existed, as Redis touches only those). A dirty transaction's EXEC answers null.
 *
 * <p>Listener calls arrive under the stripe lock of the key, so a change and the EXEC that
 * must see it are ordered by that lock; when nothing is watched each call is one volatile read.
 */
public final class WatchRegistry implements KeyspaceListener {

	private record WatchKey(int db, ByteBuffer key) {

		static WatchKey of(int db, byte[] key) {
			return new WatchKey(db, ByteBuffer.wrap(key));
		}

	}

	private final Map<WatchKey, Set<Transaction>> watchers = new ConcurrentHashMap<>();

	private final Keyspace keyspace;

	/** Watched keys server-wide: the fast path of every listener call when it is 0. */
	private volatile int watchedKeys;

	public WatchRegistry(Keyspace keyspace) {
		this.keyspace = keyspace;
	}

	/** Adds {@code key} of {@code db} to the transaction's watched keys (the caller holds the key's stripe). */
	public void watch(Transaction tx, int db, byte[] key, boolean exists) {
		if (tx.addWatched(db, key, exists)) {
			// add inside compute: atomic against a concurrent unwatch removing the emptied set
			this.watchers.compute(WatchKey.of(db, key.clone()), (k, set) -> {
				Set<Transaction> s = (set != null) ? set : ConcurrentHashMap.newKeySet();
				s.add(tx);
				return s;
			});
			count(1);
		}
	}

	/** Ends the transaction and its watching (EXEC done, DISCARD, RESET, the connection closed). */
	public void discard(Transaction tx) {
		tx.end();
		unwatchAll(tx);
	}

	/** Forgets every key the transaction watches. */
	public void unwatchAll(Transaction tx) {
		for (Transaction.Watched w : tx.watched()) {
			this.watchers.computeIfPresent(WatchKey.of(w.db(), w.key()), (k, set) -> {
				set.remove(tx);
				return set.isEmpty() ? null : set;
			});
			count(-1);
		}
		tx.clearWatched();
	}

	private synchronized void count(int delta) {
		this.watchedKeys += delta;
	}

	private void touch(int db, byte[] key) {
		if (this.watchedKeys == 0) {
			return;
		}
		Set<Transaction> txs = this.watchers.get(WatchKey.of(db, key));
		if (txs != null) {
			txs.forEach(Transaction::markDirty);
		}
	}

	@Override
	public void keyModified(int db, byte[] key) {
		touch(db, key);
	}

	@Override
	public void keyExpired(int db, byte[] key) {
		touch(db, key);
	}

	@Override
	public void keyEvicted(int db, byte[] key) {
		touch(db, key);
	}

	@Override
	public void flushed(int db) {
		if (this.watchedKeys == 0) {
			return;
		}
		this.watchers.forEach((k, txs) -> {
			if (db < 0 || k.db() == db) {
				txs.forEach(tx -> tx.markDirtyIfExisted(k.db(), k.key()));
			}
		});
	}

	@Override
	public void swapped(int db1, int db2) {
		if (this.watchedKeys == 0) {
			return;
		}
		// a watched key that existed, or exists now in its database after the swap, changed
		this.watchers.forEach((k, txs) -> {
			if (k.db() == db1 || k.db() == db2) {
				byte[] key = new byte[k.key().remaining()];
				k.key().duplicate().get(key);
				boolean existsNow = this.keyspace.db(k.db()).exists(key);
				txs.forEach(tx -> {
					if (existsNow) {
						tx.markDirty();
					}
					else {
						tx.markDirtyIfExisted(k.db(), k.key());
					}
				});
			}
		});
	}

}
