package io.cachalot.server.command.notify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cachalot.server.protocol.resp.CommandArgs;
import io.cachalot.server.pubsub.PubSubRegistry;
import io.cachalot.server.store.KeyspaceListener;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Keyspace notifications ({@code notify-keyspace-events}): for each change a message on
 * {@code __keyspace@<db>__:<key>} (the event) and/or {@code __keyevent@<db>__:<event>} (the
 * key), for the classes enabled.
 *
 * <p>Events come from the store, not from handlers: while a command runs, the keyspace
 * listener collects the keys it changed (and whether it deleted them) on this thread; when
 * the command ends the dispatcher calls {@link #commandDone} and each key gets the command's
 * event from {@code keyspace-events.txt}, plus {@code del} for a key it emptied. Expiry and
 * eviction publish {@code expired} / {@code evicted} as they happen, from any thread.
 */
public final class KeyspaceNotifier implements KeyspaceListener {

	private record Event(int classBit, String name) {
	}

	/** What the store reported for a key: a change, a deletion, a write with a TTL, a creation, a read miss. */
	private enum Kind {

		CHANGED, DELETED, TTL, CREATED, MISSED

	}

	private record Change(int db, byte[] key, Kind kind) {

		boolean deleted() {
			return this.kind == Kind.DELETED;
		}

		boolean ttl() {
			return this.kind == Kind.TTL;
		}

	}

	/** Events a handler asked for in addition to its command's (XADD's "xtrim" ...). */
	private static final FastThreadLocal<List<MultiKeyEvents.Emit>> FOLLOWING = new FastThreadLocal<>() {

		@Override
		protected List<MultiKeyEvents.Emit> initialValue() {
			return new ArrayList<>();
		}

	};

	/** Whether a command runs on this thread: changes are collected only then (other threads emit at once). */
	private static final FastThreadLocal<boolean[]> IN_COMMAND = new FastThreadLocal<>() {

		@Override
		protected boolean[] initialValue() {
			return new boolean[1];
		}

	};

	private static final FastThreadLocal<List<Change>> CHANGES = new FastThreadLocal<>() {

		@Override
		protected List<Change> initialValue() {
			return new ArrayList<>();
		}

	};

	private final Map<String, Event> events;

	private final PubSubRegistry pubsub;

	private volatile int flags;

	/** Whether notifications were ever on: until then commands skip the thread-local bookkeeping. */
	private volatile boolean everEnabled;

	public KeyspaceNotifier(PubSubRegistry pubsub) {
		this.pubsub = pubsub;
		this.events = load();
	}

	private static Map<String, Event> load() {
		Map<String, Event> out = new HashMap<>();
		try (InputStream in = KeyspaceNotifier.class.getResourceAsStream("/io/cachalot/server/command/keyspace-events.txt");
				BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String line;
			while ((line = r.readLine()) != null) {
				line = line.strip();
				if (line.isEmpty() || line.startsWith("#")) {
					continue;
				}
				String[] f = line.split("\\s+");
				out.put(f[0], new Event(NotifyFlags.classOf(f[1].charAt(0)), f[2]));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out;
	}

	/** Applies {@code notify-keyspace-events}. */
	public void flags(String text) {
		this.flags = NotifyFlags.parse(text);
		if (enabled()) {
			this.everEnabled = true;
		}
	}

	private boolean enabled() {
		return (this.flags & (NotifyFlags.KEYSPACE | NotifyFlags.KEYEVENT)) != 0;
	}

	private boolean collecting() {
		return enabled() && IN_COMMAND.get()[0];
	}

	/** A command starts on this thread: its changes are collected until {@link #commandDone}. */
	public void commandStarted() {
		if (enabled()) {
			IN_COMMAND.get()[0] = true;
		}
	}

	/**
	 * Fields of a hash expired (lazily or by the active cycle): {@code hexpired}, and {@code del}
	 * when that removed the key, as Redis 7.4 announces them, at once.
	 */
	@Override
	public void hashFieldsExpired(int db, byte[] key, boolean keyDeleted) {
		notify(NotifyFlags.HASH, "hexpired", db, key);
		if (keyDeleted) {
			notify(NotifyFlags.GENERIC, "del", db, key);
		}
	}

	@Override
	public void keyModified(int db, byte[] key) {
		if (collecting()) {
			CHANGES.get().add(new Change(db, key, Kind.CHANGED));
		}
	}

	@Override
	public void keyDeleted(int db, byte[] key) {
		if (collecting()) {
			CHANGES.get().add(new Change(db, key, Kind.DELETED));
		}
	}

	@Override
	public void keyCreated(int db, byte[] key) {
		if (collecting()) {
			CHANGES.get().add(new Change(db, key, Kind.CREATED));
		}
	}

	@Override
	public void keyMissed(int db, byte[] key) {
		if (collecting()) {
			CHANGES.get().add(new Change(db, key, Kind.MISSED));
		}
	}

	@Override
	public void keyWrittenWithTtl(int db, byte[] key) {
		if (collecting()) {
			CHANGES.get().add(new Change(db, key, Kind.TTL));
		}
	}

	@Override
	public void keyExpired(int db, byte[] key) {
		notify(NotifyFlags.EXPIRED, "expired", db, key);
	}

	@Override
	public void keyEvicted(int db, byte[] key) {
		notify(NotifyFlags.EVICTED, "evicted", db, key);
	}

	/**
	 * An event a handler knows of beyond its command's own (XADD that trimmed: "xtrim"; a
	 * consumer created on the fly: "xgroup-createconsumer"), sent after the command's events.
	 */
	public void follow(char classChar, String event, int db, byte[] key) {
		if (enabled()) {
			FOLLOWING.get().add(new MultiKeyEvents.Emit(NotifyFlags.classOf(classChar), event, db, key.clone()));
		}
	}

	/** The command {@code name} (run in database {@code db}) finished: its changes become events. */
	public void commandDone(String name, CommandArgs args, int db, boolean readOnly) {
		if (!this.everEnabled) {
			return;
		}
		IN_COMMAND.get()[0] = false;
		if (!enabled()) {
			// switched off during the command: drop what it collected
			CHANGES.get().clear();
			return;
		}
		emitChanges(name, args, db, readOnly);
		List<MultiKeyEvents.Emit> following = FOLLOWING.get();
		if (!following.isEmpty()) {
			List<MultiKeyEvents.Emit> copy = new ArrayList<>(following);
			following.clear();
			copy.forEach(e -> notify(e.classBit(), e.event(), e.db(), e.key()));
		}
	}

	private void emitChanges(String name, CommandArgs args, int db, boolean readOnly) {
		List<Change> changes = CHANGES.get();
		if (changes.isEmpty()) {
			return;
		}
		List<Change> all = new ArrayList<>(changes);
		changes.clear();
		List<Change> done = new ArrayList<>();
		for (Change c : all) {
			if (c.kind() != Kind.MISSED) {
				done.add(c);
			}
			else if (readOnly) {
				// a read that found nothing; write commands look keys up without notifying in Redis
				notify(NotifyFlags.KEY_MISS, "keymiss", c.db(), c.key());
			}
		}
		if (done.isEmpty()) {
			return;
		}
		List<Integer> otherDbs = new ArrayList<>();
		done.forEach(c -> {
			if (c.db() != db && !otherDbs.contains(c.db())) {
				otherDbs.add(c.db());
			}
		});
		List<MultiKeyEvents.Emit> special = MultiKeyEvents.resolve(name, args, db, key -> touched(done, key), otherDbs);
		if (special != null) {
			// "new" when a key is added comes first, as Redis's dbAdd runs before the events
			done.stream().filter(c -> c.kind() == Kind.CREATED).forEach(c -> notify(NotifyFlags.NEW, "new", c.db(), c.key()));
			special.forEach(e -> notify(e.classBit(), e.event(), e.db(), e.key()));
			return;
		}
		Event event = this.events.get(name);
		if (event == null) {
			done.stream().filter(c -> c.kind() == Kind.CREATED).forEach(c -> notify(NotifyFlags.NEW, "new", c.db(), c.key()));
			return;
		}
		java.util.Set<String> announced = new java.util.HashSet<>();
		for (Change c : done) {
			if (c.kind() == Kind.CREATED) {
				notify(NotifyFlags.NEW, "new", c.db(), c.key());
				continue;
			}
			if (c.ttl()) {
				// SET EX, SETEX, PSETEX ...: the value's event, then "expire", as Redis
				notify(NotifyFlags.GENERIC, "expire", c.db(), c.key());
				continue;
			}
			boolean del = event.name().equals("del");
			// EXPIRE with a time in the past deletes the key, and so does a *STORE command with an
			// empty result: Redis announces only "del"
			if (del || (c.deleted() && (event.name().equals("expire") || event.name().endsWith("store")))) {
				if (c.deleted()) {
					notify(NotifyFlags.GENERIC, "del", c.db(), c.key());
				}
				continue;
			}
			if (announced.add(c.db() + ":" + new String(c.key(), StandardCharsets.ISO_8859_1))) {
				notify(event.classBit(), event.name(), c.db(), c.key());
			}
			if (c.deleted()) {
				// a command that emptied a list, set, hash, sorted set: "del" follows its event
				notify(NotifyFlags.GENERIC, "del", c.db(), c.key());
			}
		}
	}

	/** How the command left {@code key}: the last change to it (null: untouched). */
	private static MultiKeyEvents.Touched touched(List<Change> changes, byte[] key) {
		MultiKeyEvents.Touched last = null;
		for (Change c : changes) {
			if (!c.ttl() && java.util.Arrays.equals(c.key(), key)) {
				last = new MultiKeyEvents.Touched(c.db(), c.deleted());
			}
		}
		return last;
	}

	private void notify(int classBit, String event, int db, byte[] key) {
		int f = this.flags;
		if ((f & classBit) == 0) {
			return;
		}
		byte[] eventBytes = event.getBytes(StandardCharsets.US_ASCII);
		if ((f & NotifyFlags.KEYSPACE) != 0) {
			byte[] prefix = ("__keyspace@" + db + "__:").getBytes(StandardCharsets.US_ASCII);
			this.pubsub.publish(concat(prefix, key), eventBytes);
		}
		if ((f & NotifyFlags.KEYEVENT) != 0) {
			this.pubsub.publish(("__keyevent@" + db + "__:" + event).getBytes(StandardCharsets.US_ASCII), key);
		}
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

}
