package io.cachalot.server.command.blocking;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.cachalot.server.command.Session;
import io.cachalot.server.store.KeyspaceListener;

/**
 * Clients blocked on keys (BLPOP, BLMOVE, BZPOPMIN, XREAD BLOCK ...), first blocked first
 * served.
 *
 * <p><b>Model.</b> A blocking command that finds nothing to take leaves its frame in the
 * client's query buffer and registers here with the keys it waits on. Any write to one of
 * those keys, by any path (a command, MULTI, a script), reaches {@link #keyModified} through
 * the keyspace listener and wakes the <em>first</em> waiter of that key, which re-runs its
 * command on its own event loop. If that takes something, the waiter is served and wakes the
 * next waiter of its keys; if not (a non-blocked client was faster), it stays first in line.
 * So the FIFO order holds across event loops without running a client's command on another
 * client's thread.
 */
public final class BlockingRegistry implements KeyspaceListener {

	private final Map<WaitKey, ArrayDeque<Waiter>> queues = new ConcurrentHashMap<>();

	private final Map<Long, Waiter> bySession = new ConcurrentHashMap<>();

	/** Blocked clients, read on every write: a plain volatile read when nobody waits. */
	private volatile int waiting;

	/** What a blocked connection gives the registry: how to wake it and how to unblock it. */
	public interface BlockedConnection {

		/** Re-run the blocked command soon, on the connection's own thread. */
		void wake();

		/** End the block now: with the command's timeout reply, or with an UNBLOCKED error. */
		void unblock(boolean withError);

	}

	private record WaitKey(int db, ByteBuffer key) {

		static WaitKey of(int db, byte[] key) {
			return new WaitKey(db, ByteBuffer.wrap(key));
		}

	}

	private static final class Waiter {

		final Session session;

		final BlockedConnection connection;

		final List<WaitKey> keys;

		Waiter(Session session, BlockedConnection connection, List<WaitKey> keys) {
			this.session = session;
			this.connection = connection;
			this.keys = keys;
		}

	}

	/** Number of blocked clients (INFO blocked_clients). */
	public int size() {
		return this.bySession.size();
	}

	public boolean isBlocked(Session session) {
		return this.bySession.containsKey(session.id());
	}

	/**
	 * Registers {@code session} as waiting on {@code keys} of {@code db}. A session already
	 * waiting (woken, found nothing) keeps its place.
	 */
	public void block(Session session, BlockedConnection connection, int db, List<byte[]> keys) {
		if (this.bySession.containsKey(session.id())) {
			return;
		}
		List<WaitKey> waitKeys = keys.stream().map(k -> WaitKey.of(db, k)).distinct().toList();
		Waiter waiter = new Waiter(session, connection, waitKeys);
		this.bySession.put(session.id(), waiter);
		this.waiting = this.bySession.size();
		for (WaitKey k : waitKeys) {
			ArrayDeque<Waiter> q = this.queues.computeIfAbsent(k, x -> new ArrayDeque<>());
			synchronized (q) {
				q.addLast(waiter);
			}
		}
	}

	/** The session's command completed (served, timed out, unblocked, or the client left). */
	public void release(Session session) {
		Waiter waiter = this.bySession.remove(session.id());
		if (waiter == null) {
			return;
		}
		this.waiting = this.bySession.size();
		for (WaitKey k : waiter.keys) {
			ArrayDeque<Waiter> q = this.queues.get(k);
			if (q == null) {
				continue;
			}
			Waiter next;
			synchronized (q) {
				q.remove(waiter);
				next = q.peekFirst();
				if (q.isEmpty()) {
					this.queues.remove(k, q);
				}
			}
			// the key may still hold data for the next in line
			if (next != null) {
				next.connection.wake();
			}
		}
	}

	/** CLIENT UNBLOCK: returns whether the client was blocked. */
	public boolean unblock(long sessionId, boolean withError) {
		Waiter waiter = this.bySession.get(sessionId);
		if (waiter == null) {
			return false;
		}
		waiter.connection.unblock(withError);
		return true;
	}

	@Override
	public void keyModified(int db, byte[] key) {
		if (this.waiting == 0) {
			return;
		}
		ArrayDeque<Waiter> q = this.queues.get(WaitKey.of(db, key));
		if (q == null) {
			return;
		}
		Waiter first;
		synchronized (q) {
			first = q.peekFirst();
		}
		if (first != null) {
			first.connection.wake();
		}
	}

	@Override
	public void swapped(int db1, int db2) {
		wakeAll();
	}

	@Override
	public void flushed(int db) {
		wakeAll();
	}

	private void wakeAll() {
		this.bySession.values().forEach(w -> w.connection.wake());
	}

}
