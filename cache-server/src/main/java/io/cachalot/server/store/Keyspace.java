package io.cachalot.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;

import io.cachalot.server.store.expiry.FieldExpiryIndex;

/**
 * All databases of one server, split into lock stripes.
 *
 * <p><b>Layout.</b> The top bits of a key's hash choose a {@link Stripe}; a stripe holds one
 * {@link KeyTable} per database, so a key sits in the same stripe in every database (MOVE,
 * COPY ... DB and SWAPDB need no extra locks) and a command's lock set depends only on its
 * keys.
 *
 * <p><b>Locking.</b> Commands run on the event-loop thread that read them. Before a handler
 * runs, the dispatcher locks the stripes of the command's declared keys in ascending order
 * ({@link #lockStripes}); whole-keyspace operations (FLUSHALL, SWAPDB, MULTI/EXEC, scripts
 * without declared keys) take every stripe ({@link #lockAll}). Iterations (SCAN, KEYS,
 * DBSIZE, RANDOMKEY, active expiry, eviction sampling) lock one stripe at a time, so no
 * operation holds the whole keyspace longer than it must.
 *
 * <p>The typed store API for one database is {@link Db}; this class owns structure,
 * iteration, expiry and eviction sampling, and the statistics INFO reports.
 */
public final class Keyspace {

	private final Stripe[] stripes;

	private final int stripeShift;

	private final int databases;

	private final Db[] dbs;

	private final MemoryGauge gauge = new MemoryGauge();

	final AccessClock accessClock = new AccessClock();

	volatile KeyspaceListener listener = KeyspaceListener.NONE;

	/** Keys holding hashes with per-field TTLs, for the active expiry of fields. */
	final FieldExpiryIndex fieldExpiry;

	public Keyspace(int databases, int stripeCount) {
		if (Integer.bitCount(stripeCount) != 1 || stripeCount > 1 << 16) {
			throw new IllegalArgumentException("stripe count must be a power of two <= 65536");
		}
		this.databases = databases;
		this.fieldExpiry = new FieldExpiryIndex(databases);
		this.stripes = new Stripe[stripeCount];
		for (int i = 0; i < stripeCount; i++) {
			this.stripes[i] = new Stripe(i, databases, this.gauge);
		}
		this.stripeShift = 32 - Integer.numberOfTrailingZeros(stripeCount);
		this.dbs = new Db[databases];
		for (int i = 0; i < databases; i++) {
			this.dbs[i] = new Db(this, i);
		}
	}

	public int databases() {
		return this.databases;
	}

	public int stripeCount() {
		return this.stripes.length;
	}

	public Db db(int index) {
		return this.dbs[index];
	}

	public AccessClock accessClock() {
		return this.accessClock;
	}

	public void listener(KeyspaceListener listener) {
		this.listener = (listener != null) ? listener : KeyspaceListener.NONE;
	}

	// ---- locking -------------------------------------------------------------------------

	public int stripeOfHash(int hash) {
		return (int) ((hash & 0xFFFFFFFFL) >>> this.stripeShift);
	}

	public int stripeOf(byte[] key) {
		return stripeOfHash(KeyHash.hash(key));
	}

	Stripe stripe(int hash) {
		return this.stripes[stripeOfHash(hash)];
	}

	/** Locks the given stripes, which must be sorted ascending and distinct. */
	public void lockStripes(int[] sortedStripes, int count) {
		for (int i = 0; i < count; i++) {
			this.stripes[sortedStripes[i]].lock.lock();
		}
	}

	public void unlockStripes(int[] sortedStripes, int count) {
		for (int i = count - 1; i >= 0; i--) {
			this.stripes[sortedStripes[i]].lock.unlock();
		}
	}

	public void lockStripe(int stripe) {
		this.stripes[stripe].lock.lock();
	}

	public void unlockStripe(int stripe) {
		this.stripes[stripe].lock.unlock();
	}

	public void lockAll() {
		for (Stripe s : this.stripes) {
			s.lock.lock();
		}
	}

	/**
	 * {@link #lockStripes} for a client's command while something may hold stripes for long (a
	 * busy script): waits in short slices and, when {@code giveUp} says so between them,
	 * releases what it took and returns false.
	 */
	public boolean lockStripes(int[] sortedStripes, int count, BooleanSupplier giveUp) {
		for (int i = 0; i < count; i++) {
			if (!acquire(this.stripes[sortedStripes[i]].lock, giveUp)) {
				unlockStripes(sortedStripes, i);
				return false;
			}
		}
		return true;
	}

	/** {@link #lockStripe}, giving up as {@link #lockStripes(int[], int, BooleanSupplier)} does. */
	public boolean lockStripe(int stripe, BooleanSupplier giveUp) {
		return acquire(this.stripes[stripe].lock, giveUp);
	}

	/** {@link #lockAll}, giving up as {@link #lockStripes(int[], int, BooleanSupplier)} does. */
	public boolean lockAll(BooleanSupplier giveUp) {
		for (int i = 0; i < this.stripes.length; i++) {
			if (!acquire(this.stripes[i].lock, giveUp)) {
				for (int j = i - 1; j >= 0; j--) {
					this.stripes[j].lock.unlock();
				}
				return false;
			}
		}
		return true;
	}

	private static boolean acquire(ReentrantLock lock, BooleanSupplier giveUp) {
		if (lock.tryLock()) {
			return true;
		}
		while (true) {
			try {
				if (lock.tryLock(2, TimeUnit.MILLISECONDS)) {
					return true;
				}
			}
			catch (InterruptedException ex) {
				// event-loop threads are not interrupted to stop a command; keep waiting
			}
			if (giveUp.getAsBoolean()) {
				return false;
			}
		}
	}

	public void unlockAll() {
		for (int i = this.stripes.length - 1; i >= 0; i--) {
			this.stripes[i].lock.unlock();
		}
	}

	// ---- whole-keyspace operations -------------------------------------------------------

	/** Empties one database, or all with {@code db == -1}. Takes every stripe. */
	public void flush(int db) {
		lockAll();
		try {
			for (Stripe s : this.stripes) {
				for (int d = 0; d < this.databases; d++) {
					KeyTable t = s.tableIfPresent(d);
					if (t != null && (db < 0 || db == d)) {
						s.account(-(tableBytes(t)));
						s.tables[d] = null;
						s.expiryCursor[d] = 0;
					}
				}
			}
			this.fieldExpiry.flushed(db);
			this.listener.flushed(db);
		}
		finally {
			unlockAll();
		}
	}

	private static long tableBytes(KeyTable t) {
		long total = 0;
		for (int i = 0; i < t.capacity(); i++) {
			if (t.occupied(i)) {
				total += MemoryEstimate.entry(t.key(i), t.value(i));
			}
		}
		return total;
	}

	public void swap(int db1, int db2) {
		lockAll();
		try {
			for (Stripe s : this.stripes) {
				KeyTable t = s.tables[db1];
				s.tables[db1] = s.tables[db2];
				s.tables[db2] = t;
				int c = s.expiryCursor[db1];
				s.expiryCursor[db1] = s.expiryCursor[db2];
				s.expiryCursor[db2] = c;
			}
			this.fieldExpiry.swapped(db1, db2);
			this.listener.swapped(db1, db2);
		}
		finally {
			unlockAll();
		}
	}

	// ---- snapshots -----------------------------------------------------------------------

	private volatile KeyspaceSnapshot snapshot;

	/**
	 * Takes a point-in-time view of all databases (see {@link KeyspaceSnapshot}); one at a
	 * time. Every stripe is locked only while its tables' arrays are cloned.
	 */
	public synchronized KeyspaceSnapshot snapshot() {
		if (this.snapshot != null) {
			throw new IllegalStateException("a snapshot is already open");
		}
		lockAll();
		try {
			KeyTable[][] tables = new KeyTable[this.stripes.length][this.databases];
			long[] epochs = new long[this.stripes.length];
			for (Stripe s : this.stripes) {
				epochs[s.index] = s.versionCounter;
				for (int db = 0; db < this.databases; db++) {
					KeyTable t = s.tableIfPresent(db);
					tables[s.index][db] = (t != null && t.size > 0) ? t.cloneArrays() : null;
				}
			}
			this.snapshot = new KeyspaceSnapshot(this, tables, epochs);
			return this.snapshot;
		}
		finally {
			unlockAll();
		}
	}

	synchronized void release(KeyspaceSnapshot closed) {
		if (this.snapshot == closed) {
			this.snapshot = null;
		}
	}

	/** The open snapshot, or null. */
	KeyspaceSnapshot openSnapshot() {
		return this.snapshot;
	}

	// ---- iteration ---------------------------------------------------------------------

	/** Number of keys in {@code db} (keys past their TTL but not yet removed included, as Redis). */
	public long size(int db) {
		long n = 0;
		for (Stripe s : this.stripes) {
			KeyTable t = s.tableIfPresent(db);
			if (t != null) {
				n += t.size;
			}
		}
		return n;
	}

	public long volatileSize(int db) {
		long n = 0;
		for (Stripe s : this.stripes) {
			KeyTable t = s.tableIfPresent(db);
			if (t != null) {
				n += t.volatileCount;
			}
		}
		return n;
	}

	/**
	 * One SCAN step over {@code db}: about {@code count} keys from {@code cursor} (empty
	 * stripes cost nothing, so a small keyspace completes in one call as in Redis), those
	 * passing {@code filter} (called with key and value under the stripe lock) added to
	 * {@code out}; returns the next cursor (0 when done). The
	 * cursor holds the stripe in its low bits and a position in that stripe's hash space
	 * above them (see {@link KeyTable#scanRange}), so it stays valid across table resizes.
	 */
	public long scan(int db, long cursor, int count, BiPredicate<byte[], Object> filter, List<byte[]> out) {
		int stripeBits = Integer.numberOfTrailingZeros(this.stripes.length);
		int stripeIdx = (int) (cursor & (this.stripes.length - 1));
		long position = Math.min(cursor >>> stripeBits, KeyTable.HASH_SPACE);
		long now = CommandClock.now();
		long budget = Math.max(1, count);
		List<Integer> found = new ArrayList<>();
		while (true) {
			Stripe s = this.stripes[stripeIdx];
			s.lock.lock();
			try {
				KeyTable t = s.tableIfPresent(db);
				if (t == null || t.size == 0) {
					position = KeyTable.HASH_SPACE;
				}
				else {
					// walk ranges of about `budget` slots; what a range costs is the keys in it
					long span = Math.max(1, (KeyTable.HASH_SPACE + t.capacity() - 1) / t.capacity());
					while (budget > 0 && position < KeyTable.HASH_SPACE) {
						long end = Math.min(KeyTable.HASH_SPACE, position + budget * span);
						found.clear();
						int[] inRange = new int[1];
						t.scanRange(position, end, slot -> {
							inRange[0]++;
							long at = t.expireAt(slot);
							if (at == 0 || at > now) {
								found.add(slot);
							}
						});
						for (int slot : found) {
							if (filter == null || filter.test(t.key(slot), t.value(slot))) {
								out.add(t.key(slot));
							}
						}
						budget -= Math.max(1, inRange[0]);
						position = end;
					}
				}
			}
			finally {
				s.lock.unlock();
			}
			if (position >= KeyTable.HASH_SPACE) {
				stripeIdx++;
				position = 0;
				if (stripeIdx == this.stripes.length) {
					return 0;
				}
			}
			if (budget <= 0) {
				return (position << stripeBits) | stripeIdx;
			}
		}
	}

	/** A random key of {@code db} that has not expired, or null when it is empty. */
	public byte[] randomKey(int db) {
		ThreadLocalRandom rnd = ThreadLocalRandom.current();
		long now = CommandClock.now();
		for (int attempt = 0; attempt < 100; attempt++) {
			Stripe s = pickStripe(db, false, rnd);
			if (s == null) {
				return null;
			}
			s.lock.lock();
			try {
				KeyTable t = s.tableIfPresent(db);
				if (t == null || t.size == 0) {
					continue;
				}
				int slot = randomSlot(t, rnd, false);
				if (t.expireAt(slot) == 0 || t.expireAt(slot) > now) {
					return t.key(slot);
				}
			}
			finally {
				s.lock.unlock();
			}
		}
		return null;
	}

	/** A stripe whose {@code db} table holds keys (with a TTL if {@code volatileOnly}), chosen at random. */
	private Stripe pickStripe(int db, boolean volatileOnly, ThreadLocalRandom rnd) {
		int n = this.stripes.length;
		int start = rnd.nextInt(n);
		for (int i = 0; i < n; i++) {
			Stripe s = this.stripes[(start + i) & (n - 1)];
			KeyTable t = s.tableIfPresent(db);
			if (t != null && (volatileOnly ? t.volatileCount > 0 : t.size > 0)) {
				return s;
			}
		}
		return null;
	}

	private static int randomSlot(KeyTable t, ThreadLocalRandom rnd, boolean volatileOnly) {
		int i = rnd.nextInt(t.capacity());
		while (!t.occupied(i) || (volatileOnly && t.expireAt(i) == 0)) {
			i = t.next(i);
		}
		return i;
	}

	// ---- active expiry -------------------------------------------------------------------

	/**
	 * Scans up to {@code maxSlots} slots of one stripe's table for {@code db} from where the
	 * previous step stopped, removing expired keys. Returns the number removed, or -1 when
	 * the table holds no key with a TTL.
	 */
	public int expireStep(int stripeIdx, int db, int maxSlots, long now) {
		Stripe s = this.stripes[stripeIdx];
		s.lock.lock();
		try {
			KeyTable t = s.tableIfPresent(db);
			if (t == null || t.volatileCount == 0) {
				return -1;
			}
			int removed = 0;
			int slot = s.expiryCursor[db] % t.capacity();
			int steps = Math.min(maxSlots, t.capacity());
			for (int i = 0; i < steps && t.volatileCount > 0; i++) {
				long at = t.expireAt(slot);
				if (t.occupied(slot) && at != 0 && at <= now) {
					this.dbs[db].expireSlot(s, t, slot);
					removed++;
					if (slot >= t.capacity()) {
						slot = 0;
					}
					// the slot now holds the next entry of the run (or nothing): look again
					continue;
				}
				slot = t.next(slot);
			}
			s.expiryCursor[db] = slot;
			return removed;
		}
		finally {
			s.lock.unlock();
		}
	}

	/** How many keys of {@code db} hold hashes with per-field TTLs (as far as the index knows). */
	public int hashesWithFieldTtls(int db) {
		return this.fieldExpiry.size(db);
	}

	/**
	 * The active expiry of hash fields in one database: visits the registered hashes (one
	 * stripe locked at a time) until done or {@code deadlineNanos}; returns the fields removed.
	 */
	public long expireHashFields(int db, long now, long deadlineNanos) {
		long removed = 0;
		for (java.nio.ByteBuffer k : this.fieldExpiry.keys(db)) {
			byte[] key = new byte[k.remaining()];
			k.duplicate().get(key);
			Stripe s = stripe(KeyHash.hash(key));
			s.lock.lock();
			try {
				removed += this.dbs[db].expireHashFields(key, now);
			}
			finally {
				s.lock.unlock();
			}
			if (System.nanoTime() > deadlineNanos) {
				break;
			}
		}
		return removed;
	}

	// ---- eviction ------------------------------------------------------------------------

	/**
	 * Samples {@code samples} random keys in every non-empty database (each sample from a
	 * random stripe, one stripe locked at a time, as Redis samples its whole dict) and
	 * removes the best candidate by {@code scorer} (highest score wins). Returns the bytes
	 * freed, or -1 when there is nothing to evict.
	 */
	public long evictOne(boolean volatileOnly, int samples, EvictionScorer scorer) {
		ThreadLocalRandom rnd = ThreadLocalRandom.current();
		byte[] bestKey = null;
		int bestDb = -1;
		long bestScore = Long.MIN_VALUE;
		for (int db = 0; db < this.databases; db++) {
			if ((volatileOnly ? volatileSize(db) : size(db)) == 0) {
				continue;
			}
			for (int i = 0; i < samples; i++) {
				Stripe s = pickStripe(db, volatileOnly, rnd);
				if (s == null) {
					break;
				}
				s.lock.lock();
				try {
					KeyTable t = s.tableIfPresent(db);
					if (t == null || (volatileOnly ? t.volatileCount == 0 : t.size == 0)) {
						continue;
					}
					int slot = randomSlot(t, rnd, volatileOnly);
					long score = scorer.score(t.access(slot), t.expireAt(slot), CommandClock.now());
					if (bestKey == null || score > bestScore) {
						bestScore = score;
						bestKey = t.key(slot);
						bestDb = db;
					}
				}
				finally {
					s.lock.unlock();
				}
			}
		}
		if (bestKey == null) {
			return -1;
		}
		int hash = KeyHash.hash(bestKey);
		Stripe s = stripe(hash);
		s.lock.lock();
		try {
			KeyTable t = s.tableIfPresent(bestDb);
			int slot = (t != null) ? t.find(bestKey, hash) : -1;
			if (slot < 0) {
				return 0;
			}
			long freed = MemoryEstimate.entry(t.key(slot), t.value(slot));
			this.dbs[bestDb].evictSlot(s, t, slot);
			return freed;
		}
		finally {
			s.lock.unlock();
		}
	}

	/** Scores an eviction candidate from its access word and expiry; higher is evicted first. */
	@FunctionalInterface
	public interface EvictionScorer {

		long score(int accessWord, long expireAt, long nowMillis);

	}

	// ---- statistics ----------------------------------------------------------------------

	/**
	 * The dataset size give or take a few steps per stripe, in one volatile read: what the
	 * per-command maxmemory check uses. {@link #usedBytes()} is the exact sum.
	 */
	public MemoryGauge gauge() {
		return this.gauge;
	}

	public long usedBytes() {
		long total = 0;
		for (Stripe s : this.stripes) {
			total += s.usedBytes;
		}
		return total;
	}

	public KeyspaceStats stats() {
		long hits = 0;
		long misses = 0;
		long expired = 0;
		long evicted = 0;
		for (Stripe s : this.stripes) {
			hits += s.hits;
			misses += s.misses;
			expired += s.expired;
			evicted += s.evicted;
		}
		return new KeyspaceStats(hits, misses, expired, evicted);
	}

	/** CONFIG RESETSTAT. */
	public void resetStats() {
		for (Stripe s : this.stripes) {
			s.lock.lock();
			try {
				s.hits = 0;
				s.misses = 0;
				s.expired = 0;
				s.evicted = 0;
			}
			finally {
				s.lock.unlock();
			}
		}
	}

	/** Keyspace counters, as INFO stats names them. */
	public record KeyspaceStats(long keyspaceHits, long keyspaceMisses, long expiredKeys, long evictedKeys) {
	}

	/** Idle seconds of an LRU access word (eviction scoring, OBJECT IDLETIME). */
	public static long idleSeconds(int accessWord, long nowMillis) {
		return AccessClock.idleSeconds(accessWord, nowMillis);
	}

	/** The decayed LFU counter of an access word. */
	public int lfuCounter(int accessWord, long nowMillis) {
		return this.accessClock.decayedCounter(accessWord, nowMillis);
	}

}
