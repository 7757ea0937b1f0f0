package io.cachalot.server.store;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A slice of the keyspace chosen by the top bits of a key's hash: one {@link KeyTable} per
 * database, its memory figure and counters, all guarded by one lock. Commands lock the
 * stripes of their keys in ascending index order (see {@link Keyspace#lock}), so two
 * commands never wait on each other in a cycle.
 */
final class Stripe {

	final int index;

	final ReentrantLock lock = new ReentrantLock();

	final KeyTable[] tables;

	/** Estimated bytes held by this stripe's entries. */
	long usedBytes;

	/** Change of {@link #usedBytes} not yet added to the keyspace-wide approximate figure. */
	private long unpublished;

	private final MemoryGauge gauge;

	/** Next entry version; a stripe-local counter, so no atomic is needed. */
	long versionCounter;

	long hits;

	long misses;

	long expired;

	long evicted;

	/** Where the active expiry cycle resumes, per database. */
	final int[] expiryCursor;

	Stripe(int index, int databases, MemoryGauge gauge) {
		this.index = index;
		this.gauge = gauge;
		this.tables = new KeyTable[databases];
		this.expiryCursor = new int[databases];
	}

	KeyTable table(int db) {
		KeyTable t = this.tables[db];
		if (t == null) {
			t = new KeyTable();
			this.tables[db] = t;
		}
		return t;
	}

	/** The table of {@code db} if it was ever created. */
	KeyTable tableIfPresent(int db) {
		return this.tables[db];
	}

	/** Records a change of this stripe's memory; publishes it to the gauge a step at a time. */
	void account(long delta) {
		this.usedBytes += delta;
		long pending = this.unpublished + delta;
		if (Math.abs(pending) >= MemoryGauge.STEP) {
			this.gauge.add(pending);
			pending = 0;
		}
		this.unpublished = pending;
	}

	long nextVersion() {
		return ++this.versionCounter;
	}

}
