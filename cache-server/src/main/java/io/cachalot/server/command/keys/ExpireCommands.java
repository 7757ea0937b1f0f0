package io.cachalot.server.command.keys;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.store.CommandClock;
import io.cachalot.server.store.Db;

/** TTL commands: EXPIRE family with NX / XX / GT / LT, TTL / PTTL, EXPIRETIME, PERSIST. */
public final class ExpireCommands implements CommandFamily {

	@Override
	public void register(Binder b) {
		b.handle("expire", ctx -> expire(ctx, 1000, false));
		b.handle("pexpire", ctx -> expire(ctx, 1, false));
		b.handle("expireat", ctx -> expire(ctx, 1000, true));
		b.handle("pexpireat", ctx -> expire(ctx, 1, true));
		b.handle("ttl", ctx -> ttl(ctx, true, false));
		b.handle("pttl", ctx -> ttl(ctx, false, false));
		b.handle("expiretime", ctx -> ttl(ctx, true, true));
		b.handle("pexpiretime", ctx -> ttl(ctx, false, true));
		b.handle("persist", ctx -> {
			Db db = ctx.db();
			byte[] key = ctx.key(1);
			boolean had = db.expireTime(key) >= 0;
			if (had) {
				db.setExpireTime(key, 0);
			}
			ctx.reply().integer(had ? 1 : 0);
		});
	}

	/**
	 * The EXPIRE family's time argument at {@code index} as an absolute unix time in ms: seconds
	 * or ms ({@code unitMillis}), relative or absolute, with Redis's overflow error.
	 */
	public static long expireAtMillis(CommandContext ctx, int index, long unitMillis, boolean absolute) {
		long when = ctx.longArg(index);
		String invalid = "ERR invalid expire time in '" + ctx.spec().name() + "' command";
		if (unitMillis == 1000) {
			if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
				throw new CommandException(invalid);
			}
			when *= 1000;
		}
		if (!absolute) {
			long now = CommandClock.now();
			if (when > Long.MAX_VALUE - now) {
				throw new CommandException(invalid);
			}
			when += now;
		}
		return when;
	}

	private void expire(CommandContext ctx, long unitMillis, boolean absolute) {
		boolean nx = false;
		boolean xx = false;
		boolean gt = false;
		boolean lt = false;
		for (int i = 3; i < ctx.argc(); i++) {
			if (ctx.is(i, "NX")) {
				nx = true;
			}
			else if (ctx.is(i, "XX")) {
				xx = true;
			}
			else if (ctx.is(i, "GT")) {
				gt = true;
			}
			else if (ctx.is(i, "LT")) {
				lt = true;
			}
			else {
				throw new CommandException("ERR Unsupported option " + ctx.string(i));
			}
		}
		if (nx && (xx || gt || lt)) {
			throw new CommandException("ERR NX and XX, GT or LT options at the same time are not compatible");
		}
		if (gt && lt) {
			throw new CommandException("ERR GT and LT options at the same time are not compatible");
		}
		long when = expireAtMillis(ctx, 2, unitMillis, absolute);
		Db db = ctx.db();
		byte[] key = ctx.key(1);
		long current = db.expireTime(key);
		if (current == Db.NO_KEY) {
			ctx.reply().integer(0);
			return;
		}
		boolean hasTtl = current != Db.NO_EXPIRY;
		if ((nx && hasTtl) || (xx && !hasTtl) || (gt && (!hasTtl || when <= current))
				|| (lt && hasTtl && when >= current)) {
			ctx.reply().integer(0);
			return;
		}
		if (when <= CommandClock.now()) {
			db.delete(key);
		}
		else {
			db.setExpireTime(key, when);
		}
		ctx.reply().integer(1);
	}

	private void ttl(CommandContext ctx, boolean seconds, boolean absolute) {
		long at = ctx.db().expireTime(ctx.key(1));
		if (at < 0) {
			ctx.reply().integer(at);
			return;
		}
		long value = absolute ? at : Math.max(0, at - CommandClock.now());
		if (seconds) {
			value = absolute ? value / 1000 : (value + 500) / 1000;
		}
		ctx.reply().integer(value);
	}

}
