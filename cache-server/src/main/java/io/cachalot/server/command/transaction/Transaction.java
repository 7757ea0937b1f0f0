package io.cachalot.server.command.transaction;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.cachalot.server.command.CommandSpec;
import io.cachalot.server.protocol.resp.CommandArgs;

/**
 * One connection's MULTI state: whether a transaction is open, the commands queued (with
 * their own copies of the arguments), whether a queue-time error doomed it (EXECABORT), and
 * the keys it WATCHes with the flag the {@link WatchRegistry} raises when one changes. Owned
 * by the connection's thread; only {@link #markDirty} comes from other threads.
 */
public final class Transaction {

	/** A watched key and whether it existed when WATCH ran (FLUSH / SWAPDB touch only those). */
	record Watched(int db, byte[] key, boolean existed) {
	}

	/** A queued command. */
	public record Queued(CommandSpec spec, CommandArgs args) {
	}

	private boolean open;

	private boolean failed;

	private final List<Queued> queue = new ArrayList<>();

	private final Set<ByteBuffer> watchedIds = new LinkedHashSet<>();

	// read by FLUSH / SWAPDB listeners on other threads
	private final List<Watched> watched = new java.util.concurrent.CopyOnWriteArrayList<>();

	private volatile boolean dirty;

	public boolean isOpen() {
		return this.open;
	}

	public void begin() {
		this.open = true;
		this.failed = false;
		this.queue.clear();
	}

	public void enqueue(CommandSpec spec, CommandArgs args) {
		this.queue.add(new Queued(spec, args.detach()));
	}

	/** A queue-time error (unknown command, wrong arity, OOM ...): EXEC will answer EXECABORT. */
	public void fail() {
		if (this.open) {
			this.failed = true;
		}
	}

	public boolean failed() {
		return this.failed;
	}

	public List<Queued> queued() {
		return this.queue;
	}

	/** Ends the MULTI part (EXEC or DISCARD); watching ends separately. */
	public void end() {
		this.open = false;
		this.failed = false;
		this.queue.clear();
	}

	// ---- WATCH ----

	boolean addWatched(int db, byte[] key, boolean existed) {
		ByteBuffer id = ByteBuffer.allocate(4 + key.length).putInt(db).put(key).flip();
		if (!this.watchedIds.add(id)) {
			return false;
		}
		this.watched.add(new Watched(db, key.clone(), existed));
		return true;
	}

	List<Watched> watched() {
		return List.copyOf(this.watched);
	}

	void clearWatched() {
		this.watched.clear();
		this.watchedIds.clear();
		this.dirty = false;
	}

	void markDirty() {
		this.dirty = true;
	}

	void markDirtyIfExisted(int db, ByteBuffer key) {
		for (Watched w : this.watched) {
			if (w.db() == db && w.existed() && ByteBuffer.wrap(w.key()).equals(key)) {
				this.dirty = true;
				return;
			}
		}
	}

	/** Whether a watched key changed since WATCH. */
	public boolean isDirty() {
		return this.dirty;
	}

	/** The watched keys, for EXEC's last check of keys that expired unobserved. */
	public List<byte[]> watchedKeysOf(int db) {
		List<byte[]> out = new ArrayList<>();
		for (Watched w : this.watched) {
			if (w.db() == db) {
				out.add(w.key());
			}
		}
		return out;
	}

	/** Watched keys by database. */
	public Set<Integer> watchedDatabases() {
		Set<Integer> dbs = new LinkedHashSet<>();
		this.watched.forEach(w -> dbs.add(w.db()));
		return dbs;
	}

}
