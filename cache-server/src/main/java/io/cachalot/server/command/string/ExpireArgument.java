package io.cachalot.server.command.string;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.store.CommandClock;

/** The EX / PX / EXAT / PXAT argument of SET and GETEX, validated as Redis does. */
enum ExpireArgument {

	EX(true, false), PX(false, false), EXAT(true, true), PXAT(false, true);

	private final boolean seconds;

	private final boolean absolute;

	ExpireArgument(boolean seconds, boolean absolute) {
		this.seconds = seconds;
		this.absolute = absolute;
	}

	static ExpireArgument of(CommandContext ctx, int i) {
		for (ExpireArgument e : values()) {
			if (ctx.is(i, e.name())) {
				return e;
			}
		}
		return null;
	}

	/** The absolute expiry in unix ms for the value at argument {@code i}. */
	long toUnixMillis(CommandContext ctx, int i) {
		long n = ctx.longArg(i);
		String error = "ERR invalid expire time in '" + ctx.spec().name() + "' command";
		if (n <= 0 || (this.seconds && n > Long.MAX_VALUE / 1000)) {
			throw new CommandException(error);
		}
		long ms = this.seconds ? n * 1000 : n;
		if (!this.absolute) {
			long now = CommandClock.now();
			if (ms > Long.MAX_VALUE - now) {
				throw new CommandException(error);
			}
			ms += now;
		}
		return ms;
	}

}
