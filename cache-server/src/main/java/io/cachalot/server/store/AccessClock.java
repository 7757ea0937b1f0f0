package io.cachalot.server.store;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The 24-bit access word kept per key, as Redis's {@code robj.lru}: with an LRU (or no)
 * policy it is a seconds clock of the last access; with an LFU policy it is 16 bits of
 * minutes since the last decrement plus an 8-bit logarithmic access counter.
 */
public final class AccessClock {

	static final int LFU_INIT = 5;

	private static final int CLOCK_MAX = (1 << 24) - 1;

	private volatile boolean lfu;

	private volatile int lfuLogFactor = 10;

	private volatile int lfuDecayMinutes = 1;

	public void lfu(boolean lfu) {
		this.lfu = lfu;
	}

	public boolean lfu() {
		return this.lfu;
	}

	public void lfuLogFactor(int factor) {
		this.lfuLogFactor = factor;
	}

	public void lfuDecayTime(int minutes) {
		this.lfuDecayMinutes = minutes;
	}

	static int lruClock(long nowMillis) {
		return (int) ((nowMillis / 1000) & CLOCK_MAX);
	}

	private static int minutes(long nowMillis) {
		return (int) ((nowMillis / 60_000) & 0xFFFF);
	}

	/** The access word of a new key. */
	int initial(long nowMillis) {
		return this.lfu ? (minutes(nowMillis) << 8) | LFU_INIT : lruClock(nowMillis);
	}

	/** The access word after one more access. */
	int touch(int word, long nowMillis) {
		if (!this.lfu) {
			return lruClock(nowMillis);
		}
		int counter = decayedCounter(word, nowMillis);
		if (counter < 255) {
			double base = Math.max(0, counter - LFU_INIT);
			double p = 1.0 / (base * this.lfuLogFactor + 1);
			if (ThreadLocalRandom.current().nextDouble() < p) {
				counter++;
			}
		}
		return (minutes(nowMillis) << 8) | counter;
	}

	/** The LFU counter after decay (OBJECT FREQ). */
	int decayedCounter(int word, long nowMillis) {
		int counter = word & 0xFF;
		int last = (word >>> 8) & 0xFFFF;
		int now = minutes(nowMillis);
		int elapsed = (now >= last) ? now - last : 0xFFFF - last + now;
		int periods = (this.lfuDecayMinutes > 0) ? elapsed / this.lfuDecayMinutes : 0;
		return Math.max(0, counter - periods);
	}

	/**
	 * Seconds since the last access under either policy: an LRU word counts seconds; an LFU
	 * word keeps the minute of its last access, so the answer is a whole number of minutes.
	 */
	long secondsSinceAccess(int word, long nowMillis) {
		if (!this.lfu) {
			return idleSeconds(word, nowMillis);
		}
		int last = (word >>> 8) & 0xFFFF;
		int now = minutes(nowMillis);
		return 60L * ((now >= last) ? now - last : 0xFFFF - last + now);
	}

	/**
	 * The access word RESTORE gives a key: under LRU, last accessed {@code idleSeconds} ago (when
	 * not negative); under LFU, the counter {@code freq} (when not negative); else a new key's.
	 */
	int restored(long idleSeconds, int freq, long nowMillis) {
		if (this.lfu) {
			return (freq >= 0) ? (minutes(nowMillis) << 8) | freq : initial(nowMillis);
		}
		if (idleSeconds < 0) {
			return initial(nowMillis);
		}
		return (int) ((lruClock(nowMillis) - idleSeconds) & CLOCK_MAX);
	}

	/** Seconds since the last access (OBJECT IDLETIME), from an LRU word. */
	static long idleSeconds(int word, long nowMillis) {
		int now = lruClock(nowMillis);
		return (now >= word) ? now - word : (CLOCK_MAX - word) + now;
	}

}
