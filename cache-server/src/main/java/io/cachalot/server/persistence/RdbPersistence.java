package io.cachalot.server.persistence;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.cachalot.server.ServerContext;
import io.cachalot.server.ServerInfo;
import io.cachalot.server.script.FunctionLibraries;
import io.cachalot.server.store.Keyspace;
import io.cachalot.server.store.KeyspaceListener;
import io.cachalot.server.store.KeyspaceSnapshot;
import io.cachalot.server.store.rdb.RdbFile;

/**
 * RDB snapshots: SAVE, BGSAVE, the {@code save} rules, loading at start, and the counters
 * INFO persistence shows.
 *
 * <p><b>Without fork.</b> A save takes a {@link KeyspaceSnapshot} (every stripe locked just
 * long enough to copy the tables' flat arrays) and streams it to {@code dir/temp-<pid>.rdb},
 * fsyncs, and renames it over {@code dir/dbfilename} — on the caller's thread for SAVE, on a
 * background thread for BGSAVE and the save rules, while clients go on writing. The file is
 * Redis 7.0's format, so {@code redis-check-rdb} checks it and {@code redis-server} loads it;
 * a Redis dump loads here.
 *
 * <p>Changes are counted from the keyspace listener (every write, deletion, expiry and
 * eviction), as Redis's {@code dirty} counter; a save subtracts what it covered. A failed
 * background save is logged and reported ({@code rdb_last_bgsave_status:err}); writes go on
 * (Redis would refuse them under {@code stop-writes-on-bgsave-error}, which Cachalot does not
 * have).
 */
public final class RdbPersistence implements KeyspaceListener {

	private static final System.Logger LOG = System.getLogger(RdbPersistence.class.getName());

	private final ServerContext server;

	private final LongAdder dirty = new LongAdder();

	private final AtomicBoolean saving = new AtomicBoolean();

	private volatile long lastSaveSeconds;

	private volatile boolean lastBackgroundSaveOk = true;

	private volatile long backgroundSaveStarted;

	private volatile long lastBackgroundSaveSeconds = -1;

	public RdbPersistence(ServerContext server) {
		this.server = server;
		this.lastSaveSeconds = System.currentTimeMillis() / 1000;
	}

	/** The file saves go to and loading reads: {@code dir/dbfilename}. */
	public Path file() {
		return Path.of(this.server.config().get("dir")).resolve(this.server.config().get("dbfilename"));
	}

	// ---- counting changes --------------------------------------------------------------------

	@Override
	public void keyModified(int db, byte[] key) {
		this.dirty.increment();
	}

	@Override
	public void keyExpired(int db, byte[] key) {
		this.dirty.increment();
	}

	@Override
	public void keyEvicted(int db, byte[] key) {
		this.dirty.increment();
	}

	@Override
	public void flushed(int db) {
		this.dirty.increment();
	}

	/** Changes since the last successful save. */
	public long changesSinceLastSave() {
		return this.dirty.sum();
	}

	public long lastSaveSeconds() {
		return this.lastSaveSeconds;
	}

	public boolean backgroundSaveInProgress() {
		return this.saving.get();
	}

	public boolean lastBackgroundSaveOk() {
		return this.lastBackgroundSaveOk;
	}

	/** Seconds the running background save has taken, or -1. */
	public long currentBackgroundSaveSeconds() {
		long started = this.backgroundSaveStarted;
		return (this.saving.get() && started > 0) ? (System.currentTimeMillis() - started) / 1000 : -1;
	}

	public long lastBackgroundSaveSeconds() {
		return this.lastBackgroundSaveSeconds;
	}

	// ---- loading -----------------------------------------------------------------------------

	/**
	 * Loads {@code dir/dbfilename} into the empty keyspace when the file exists; returns the
	 * keys loaded (-1: no file). A file that cannot be read stops the start, as in Redis.
	 */
	public long load() {
		Path file = file();
		if (!Files.isRegularFile(file)) {
			return -1;
		}
		long start = System.nanoTime();
		RdbFile.Contents contents;
		try {
			contents = RdbFile.read(Files.readAllBytes(file), this.server.keyspace().databases(),
					this.server.encodingLimits(), System.currentTimeMillis());
		}
		catch (IOException | RdbFile.FormatException ex) {
			throw new IllegalStateException("Failed loading the RDB file " + file + ": " + ex.getMessage(), ex);
		}
		install(this.server, contents);
		this.dirty.reset();
		LOG.log(System.Logger.Level.INFO, "DB loaded from disk: " + contents.entries().size() + " keys in "
				+ (System.nanoTime() - start) / 1_000_000 + " ms");
		return contents.entries().size();
	}

	/**
	 * Puts a snapshot's keys into the keyspace (with their memcached client flags) and loads its
	 * function libraries (replacing).
	 */
	public static void install(ServerContext server, RdbFile.Contents contents) {
		Keyspace keyspace = server.keyspace();
		for (RdbFile.Entry e : contents.entries()) {
			int stripe = keyspace.stripeOf(e.key());
			keyspace.lockStripe(stripe);
			try {
				keyspace.db(e.db()).put(e.key(), e.value(), e.expireAt());
			}
			finally {
				keyspace.unlockStripe(stripe);
			}
		}
		for (RdbFile.ClientFlags f : contents.clientFlags()) {
			int stripe = keyspace.stripeOf(f.key());
			keyspace.lockStripe(stripe);
			try {
				keyspace.db(f.db()).clientFlags(f.key(), f.flags());
			}
			finally {
				keyspace.unlockStripe(stripe);
			}
		}
		if (!contents.libraries().isEmpty()) {
			server.scripts().functions().restore(contents.libraries(), "REPLACE");
		}
	}

	// ---- saving ------------------------------------------------------------------------------

	/** SAVE: writes the file now, on this thread. False when a background save is running. */
	public boolean save() throws IOException {
		if (!this.saving.compareAndSet(false, true)) {
			return false;
		}
		try {
			writeFile();
			return true;
		}
		finally {
			this.saving.set(false);
		}
	}

	/** BGSAVE: writes the file on a background thread. False when a save is already running. */
	public boolean saveInBackground() {
		if (!this.saving.compareAndSet(false, true)) {
			return false;
		}
		this.backgroundSaveStarted = System.currentTimeMillis();
		Thread.ofPlatform().daemon().name("cachalot-bgsave").start(() -> {
			long start = System.currentTimeMillis();
			try {
				writeFile();
				this.lastBackgroundSaveOk = true;
			}
			catch (IOException | RuntimeException ex) {
				this.lastBackgroundSaveOk = false;
				LOG.log(System.Logger.Level.WARNING, "Background saving error: " + ex.getMessage(), ex);
			}
			finally {
				this.lastBackgroundSaveSeconds = (System.currentTimeMillis() - start) / 1000;
				this.backgroundSaveStarted = 0;
				this.saving.set(false);
			}
		});
		return true;
	}

	/** Once a second: starts a background save when a {@code save} rule says so. */
	public void tick(long nowMillis) {
		String rules = this.server.config().get("save");
		if (rules.isEmpty() || this.saving.get()) {
			return;
		}
		String[] parts = rules.split("\\s+");
		long changes = this.dirty.sum();
		long elapsed = nowMillis / 1000 - this.lastSaveSeconds;
		for (int i = 0; i + 1 < parts.length; i += 2) {
			long seconds = Long.parseLong(parts[i]);
			long minChanges = Long.parseLong(parts[i + 1]);
			if (changes >= minChanges && changes > 0 && elapsed >= seconds) {
				LOG.log(System.Logger.Level.INFO, minChanges + " changes in " + seconds + " seconds. Saving...");
				saveInBackground();
				return;
			}
		}
	}

	private volatile boolean shutdownDecided;

	/**
	 * Whether stopping the server should save: a {@code save} rule is configured and SHUTDOWN
	 * has not already decided (saved, or NOSAVE).
	 */
	public boolean savesOnShutdown() {
		return !this.shutdownDecided && !this.server.config().get("save").isEmpty();
	}

	/** SHUTDOWN dealt with saving itself: stopping the server does not save again. */
	public void shutdownDecided() {
		this.shutdownDecided = true;
	}

	/** Waits for a running background save (shutdown), at most {@code millis}. */
	public void awaitBackgroundSave(long millis) {
		long deadline = System.currentTimeMillis() + millis;
		while (this.saving.get() && System.currentTimeMillis() < deadline) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void writeFile() throws IOException {
		Path target = file();
		Path temp = target.resolveSibling("temp-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().threadId()
				+ ".rdb");
		long covered = this.dirty.sum();
		long now = System.currentTimeMillis();
		List<byte[]> libraries = new ArrayList<>();
		for (FunctionLibraries.Library library : this.server.scripts().functions().libraries()) {
			libraries.add(library.code());
		}
		List<String[]> aux = List.of(new String[] { "redis-ver", ServerInfo.REDIS_VERSION },
				new String[] { "redis-bits", "64" }, new String[] { "ctime", Long.toString(now / 1000) },
				new String[] { "used-mem", Long.toString(this.server.keyspace().usedBytes()) },
				new String[] { "cachalot-ver", ServerInfo.VERSION }, new String[] { "aof-base", "0" });
		long keys;
		try (KeyspaceSnapshot snapshot = this.server.keyspace().snapshot();
				FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
						StandardOpenOption.TRUNCATE_EXISTING);
				OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16)) {
			keys = RdbFile.write(snapshot, libraries, aux, now, out);
			out.flush();
			channel.force(true);
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(temp);
			throw ex;
		}
		try {
			Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			// the old file stays as it was; the half that could not take its place goes
			Files.deleteIfExists(temp);
			throw ex;
		}
		this.dirty.add(-covered);
		this.lastSaveSeconds = now / 1000;
		LOG.log(System.Logger.Level.INFO, "DB saved on disk: " + keys + " keys to " + target);
	}

}
