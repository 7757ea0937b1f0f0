package io.cachalot.server.store;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * The time a command sees — Redis's command time snapshot. The dispatcher takes it once when
 * a command starts; every expiry decision and relative TTL inside the command uses that
 * instant, so one command never finds a key alive in one step and gone in the next, and the
 * hot path reads a thread-local field instead of the system clock several times a command.
 * Outside a command (the active expiry cycle, tests calling the store directly) it is the
 * system clock.
 */
public final class CommandClock {

	private static final FastThreadLocal<long[]> SNAPSHOT = new FastThreadLocal<>() {

		@Override
		protected long[] initialValue() {
			return new long[1];
		}

	};

	private CommandClock() {
	}

	/** The current command's time in unix milliseconds, or the system clock outside commands. */
	public static long now() {
		long snapshot = SNAPSHOT.get()[0];
		return (snapshot != 0) ? snapshot : System.currentTimeMillis();
	}

	/** Takes the snapshot for a command starting on this thread; returns it. */
	public static long begin() {
		long now = System.currentTimeMillis();
		SNAPSHOT.get()[0] = now;
		return now;
	}

	/** Ends the command's snapshot on this thread. */
	public static void end() {
		SNAPSHOT.get()[0] = 0;
	}

}
