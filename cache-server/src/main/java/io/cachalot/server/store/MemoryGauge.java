package io.cachalot.server.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A keyspace-wide, approximate memory figure cheap enough to read before every write. Each
 * stripe counts its own bytes exactly and publishes its changes here in steps of
 * {@value #STEP} bytes, so writes touch this shared counter only once per step and the
 * figure is off by less than one step per stripe. Callers that need exactness near a limit
 * fall back to the exact per-stripe sum ({@link Keyspace#usedBytes()}).
 */
public final class MemoryGauge {

	static final long STEP = 64 * 1024;

	private final AtomicLong approximate = new AtomicLong();

	void add(long delta) {
		this.approximate.addAndGet(delta);
	}

	/** Bytes held, give or take one step per stripe. */
	public long approximate() {
		return this.approximate.get();
	}

	/** The most the approximate figure can differ from the exact one. */
	public long maxError(int stripes) {
		return STEP * stripes;
	}

}
