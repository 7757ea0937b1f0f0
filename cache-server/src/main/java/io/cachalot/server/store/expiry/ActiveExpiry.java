package io.cachalot.server.store.expiry;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.cachalot.server.store.Keyspace;

/**
 * The active half of expiry (the lazy half is in every lookup): {@code hz} times a second a
 * cycle walks every table that holds keys with a TTL, a bounded number of slots at a time,
 * resuming where the previous cycle stopped, and removes the keys whose time has passed.
 * Before the keys it purges the expired fields of hashes with per-field TTLs
 * ({@link FieldExpiryIndex}), deleting a hash whose last field expired.
 *
 * <p>Each cycle covers a quarter of the key count's worth of slots in every such table (a
 * table holds about 1.8 slots per key), so at the default hz of 10 a full sweep takes under a
 * second and expired-but-unread keys stay a small fraction of the dataset. A stripe is
 * locked only for one chunk of slots at a time, and a cycle stops when it has used a quarter
 * of its period (Redis's {@code ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC}), so no command waits
 * long behind it.
 */
public final class ActiveExpiry implements AutoCloseable {

	private static final int CHUNK = 1024;

	private final Keyspace keyspace;

	private final ScheduledExecutorService scheduler;

	private volatile ScheduledFuture<?> task;

	private volatile int hz;

	private volatile boolean enabled = true;

	public ActiveExpiry(Keyspace keyspace, int hz) {
		this.keyspace = keyspace;
		this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "cachalot-expiry");
			t.setDaemon(true);
			return t;
		});
		hz(hz);
	}

	/** Changes the cycle frequency (CONFIG SET hz). */
	public synchronized void hz(int hz) {
		int clamped = Math.max(1, Math.min(500, hz));
		if (clamped == this.hz && this.task != null) {
			return;
		}
		this.hz = clamped;
		if (this.task != null) {
			this.task.cancel(false);
		}
		long period = 1_000_000L / clamped;
		this.task = this.scheduler.scheduleAtFixedRate(this::cycleSafely, period, period, TimeUnit.MICROSECONDS);
	}

	/** DEBUG SET-ACTIVE-EXPIRE: turns the active cycle off (lazy expiry still applies) or on. */
	public void enabled(boolean enabled) {
		this.enabled = enabled;
	}

	private void cycleSafely() {
		if (!this.enabled) {
			return;
		}
		try {
			cycle();
		}
		catch (RuntimeException ex) {
			System.getLogger(ActiveExpiry.class.getName()).log(System.Logger.Level.WARNING, "expiry cycle failed", ex);
		}
	}

	/** One cycle; returns the number of keys and hash fields removed. Public for tests. */
	public long cycle() {
		long startNanos = System.nanoTime();
		long budgetNanos = 250_000_000L / this.hz;
		long removed = 0;
		// hash fields first, with at most half the budget, so they are never starved by keys
		for (int db = 0; db < this.keyspace.databases(); db++) {
			if (this.keyspace.hashesWithFieldTtls(db) > 0) {
				removed += this.keyspace.expireHashFields(db, System.currentTimeMillis(), startNanos + budgetNanos / 2);
			}
		}
		for (int db = 0; db < this.keyspace.databases(); db++) {
			if (this.keyspace.volatileSize(db) == 0) {
				continue;
			}
			int target = (int) Math.max(CHUNK, this.keyspace.size(db) / this.keyspace.stripeCount() / 4);
			for (int stripe = 0; stripe < this.keyspace.stripeCount(); stripe++) {
				int slots = CHUNK;
				int covered = 0;
				while (true) {
					int n = this.keyspace.expireStep(stripe, db, slots, System.currentTimeMillis());
					if (n < 0) {
						break;
					}
					removed += n;
					covered += slots;
					if (covered >= target || System.nanoTime() - startNanos > budgetNanos) {
						break;
					}
				}
				if (System.nanoTime() - startNanos > budgetNanos) {
					return removed;
				}
			}
		}
		return removed;
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
