package io.cachalot.server.command;

/**
 * CLIENT PAUSE / UNPAUSE state. While a pause is active, commands it covers (all, or only
 * writes) are held back by the dispatcher; the connection retries them when the pause ends.
 */
public final class ClientPause {

	private volatile long until;

	private volatile boolean writesOnly;

	/** Pauses until {@code untilMillis}; an active pause is only extended, never narrowed from ALL to WRITE. */
	public synchronized void pause(long untilMillis, boolean writesOnly) {
		if (!isActive()) {
			this.writesOnly = writesOnly;
			this.until = untilMillis;
		}
		else {
			this.writesOnly = this.writesOnly && writesOnly;
			this.until = Math.max(this.until, untilMillis);
		}
	}

	public void unpause() {
		this.until = 0;
	}

	public boolean isActive() {
		return System.currentTimeMillis() < this.until;
	}

	/** Milliseconds until {@code spec} may run, or 0 when it may run now. */
	public long delayFor(CommandSpec spec) {
		long until = this.until;
		if (until == 0) {
			return 0;
		}
		long remaining = until - System.currentTimeMillis();
		if (remaining <= 0) {
			return 0;
		}
		// CLIENT UNPAUSE must get through, or an ALL pause could not be lifted early
		if (spec.name().equals("client|unpause")
				|| (this.writesOnly && !spec.isWrite() && !spec.has(CommandFlag.MAY_REPLICATE))) {
			return 0;
		}
		return remaining;
	}

}
