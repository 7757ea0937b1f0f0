package io.cachalot.server.command.tracking;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.cachalot.server.command.Clients;
import io.cachalot.server.command.Session;
import io.cachalot.server.store.KeyspaceListener;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Client-side caching (CLIENT TRACKING), as Redis 6+: in the default mode the keys a tracking
 * client reads are remembered, and the first change to one sends that client (or its
 * redirect target) an {@code invalidate} message and forgets the entry; in BCAST mode every
 * change to a key under a registered prefix is announced. Changes arrive from the keyspace
 * listener for every path — commands on any thread, EXEC, expiry, eviction — and a flush
 * invalidates everything (a null key list), as does SWAPDB (Redis 7.0 does not invalidate on
 * SWAPDB; a near cache would then serve the other database's values). Keys are tracked by name
 * across databases, as Redis does.
 *
 * <p>The dispatcher names the client running a command on this thread ({@link #running}), so
 * NOLOOP can leave out a client's own writes.
 */
public final class TrackingTable implements KeyspaceListener {

	private static final FastThreadLocal<long[]> RUNNING = new FastThreadLocal<>() {

		@Override
		protected long[] initialValue() {
			return new long[] { -1 };
		}

	};

	private final Map<ByteBuffer, Set<Long>> readers = new ConcurrentHashMap<>();

	/** Clients in BCAST mode (their prefixes are in their state). */
	private final Set<Long> broadcasters = ConcurrentHashMap.newKeySet();

	/** Every client with tracking on, for flushes. */
	private final Set<Long> tracking = ConcurrentHashMap.newKeySet();

	private final Clients clients;

	public TrackingTable(Clients clients) {
		this.clients = clients;
	}

	/** Names the client whose command runs on this thread (-1: none). */
	public static void running(long clientId) {
		RUNNING.get()[0] = clientId;
	}

	void enable(Session session) {
		this.tracking.add(session.id());
		if (session.tracking().bcast) {
			this.broadcasters.add(session.id());
		}
	}

	void disable(Session session) {
		this.tracking.remove(session.id());
		this.broadcasters.remove(session.id());
	}

	/** Tracking ends with the connection; clients redirecting to it learn the target is gone. */
	public void closed(Session session) {
		disable(session);
		for (Long id : this.tracking) {
			Session s = this.clients.get(id);
			if (s != null && s.tracking().redirect == session.id() && !s.tracking().redirectBroken) {
				s.tracking().redirectBroken = true;
				if (s.invalidationTarget() != null) {
					s.invalidationTarget().redirectBroken(session.id());
				}
			}
		}
	}

	/** Remembers that the session read {@code key} (default mode, per OPTIN / OPTOUT). */
	public void remember(Session session, byte[] key) {
		if (session.tracking().remembersReads()) {
			// add inside compute: atomic against an invalidation taking the set away
			this.readers.compute(ByteBuffer.wrap(key.clone()), (k, set) -> {
				Set<Long> s = (set != null) ? set : ConcurrentHashMap.newKeySet();
				s.add(session.id());
				return s;
			});
		}
	}

	/** Number of keys remembered (INFO tracking_total_keys). */
	public int trackedKeys() {
		return this.readers.size();
	}

	public int trackingClients() {
		return this.tracking.size();
	}

	private void changed(byte[] key) {
		if (this.tracking.isEmpty()) {
			return;
		}
		long writer = RUNNING.get()[0];
		Set<Long> ids = this.readers.remove(ByteBuffer.wrap(key));
		if (ids != null) {
			for (Long id : ids) {
				Session s = this.clients.get(id);
				// remembered reads of a client that switched to BCAST since are not sent, as Redis
				if (s != null && !s.tracking().bcast) {
					send(id, key, writer);
				}
			}
		}
		for (Long id : this.broadcasters) {
			Session s = this.clients.get(id);
			if (s != null && matchesPrefix(s.tracking().prefixes, key)) {
				send(id, key, writer);
			}
		}
	}

	private static boolean matchesPrefix(List<byte[]> prefixes, byte[] key) {
		if (prefixes.isEmpty()) {
			return true;
		}
		for (byte[] p : prefixes) {
			if (key.length >= p.length && java.util.Arrays.equals(key, 0, p.length, p, 0, p.length)) {
				return true;
			}
		}
		return false;
	}

	private void send(long clientId, byte[] key, long writer) {
		Session s = this.clients.get(clientId);
		if (s == null || !s.tracking().enabled || (s.tracking().noloop && clientId == writer)) {
			return;
		}
		deliver(s, new byte[][] { key });
	}

	private void deliver(Session s, byte[][] keys) {
		long redirect = s.tracking().redirect;
		Session target = (redirect > 0) ? this.clients.get(redirect) : s;
		if (target != null && target.invalidationTarget() != null) {
			target.invalidationTarget().invalidate(keys);
		}
	}

	@Override
	public void keyModified(int db, byte[] key) {
		changed(key);
	}

	@Override
	public void keyExpired(int db, byte[] key) {
		changed(key);
	}

	@Override
	public void keyEvicted(int db, byte[] key) {
		changed(key);
	}

	/** SWAPDB changes what every key of two databases holds: caches start over, as after a flush. */
	@Override
	public void swapped(int db1, int db2) {
		flushed(-1);
	}

	@Override
	public void flushed(int db) {
		if (this.tracking.isEmpty()) {
			return;
		}
		this.readers.clear();
		for (Long id : this.tracking) {
			Session s = this.clients.get(id);
			if (s != null && s.tracking().enabled) {
				deliver(s, null);
			}
		}
	}

}
