package io.cachalot.server.command.hash;

import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.command.keys.ExpireCommands;
import io.cachalot.server.store.CommandClock;
import io.cachalot.server.store.type.HashValue;

/**
 * Per-field TTLs as Redis 7.4 defines them: HEXPIRE, HPEXPIRE, HEXPIREAT, HPEXPIREAT (with
 * NX | XX | GT | LT), HTTL, HPTTL, HEXPIRETIME, HPEXPIRETIME, HPERSIST. Replies hold one code
 * per field: -2 no such field (or key), -1 no TTL, 0 condition not met, 1 set / removed, 2
 * deleted because the time is already past. Expired fields are removed when the hash is next
 * used (lazily).
 */
public final class HashFieldExpireCommands implements CommandFamily {

	@Override
	public void register(Binder b) {
		b.handle("hexpire", ctx -> expire(ctx, 1000, false));
		b.handle("hpexpire", ctx -> expire(ctx, 1, false));
		b.handle("hexpireat", ctx -> expire(ctx, 1000, true));
		b.handle("hpexpireat", ctx -> expire(ctx, 1, true));
		b.handle("httl", ctx -> ttl(ctx, true, false));
		b.handle("hpttl", ctx -> ttl(ctx, false, false));
		b.handle("hexpiretime", ctx -> ttl(ctx, true, true));
		b.handle("hpexpiretime", ctx -> ttl(ctx, false, true));
		b.handle("hpersist", this::hpersist);
	}

	/** The fields after {@code FIELDS numfields} expected at {@code fieldsIndex}. */
	private static List<byte[]> fields(CommandContext ctx, int fieldsIndex) {
		if (fieldsIndex >= ctx.argc() || !ctx.is(fieldsIndex, "FIELDS")) {
			throw new CommandException("ERR Mandatory argument FIELDS is missing or not at the right position");
		}
		long n;
		try {
			n = ctx.args().longValue(fieldsIndex + 1);
		}
		catch (RuntimeException ex) {
			throw new CommandException("ERR Parameter `numFields` should be greater than 0");
		}
		if (n <= 0) {
			throw new CommandException("ERR Parameter `numFields` should be greater than 0");
		}
		if (n != ctx.argc() - fieldsIndex - 2) {
			throw new CommandException("ERR The `numfields` parameter must match the number of arguments");
		}
		List<byte[]> out = new ArrayList<>();
		for (int i = fieldsIndex + 2; i < ctx.argc(); i++) {
			out.add(ctx.arg(i));
		}
		return out;
	}

	private void expire(CommandContext ctx, long unitMillis, boolean absolute) {
		long when = ExpireCommands.expireAtMillis(ctx, 2, unitMillis, absolute);
		long now = CommandClock.now();
		String condition = null;
		int fieldsIndex = 3;
		if (ctx.argc() > 3 && (ctx.is(3, "NX") || ctx.is(3, "XX") || ctx.is(3, "GT") || ctx.is(3, "LT"))) {
			condition = ctx.string(3).toUpperCase();
			fieldsIndex = 4;
		}
		List<byte[]> fields = fields(ctx, fieldsIndex);
		long at = when;
		String cond = condition;
		List<Long> codes = HashCommands.update(ctx, null, h -> {
			List<Long> out = new ArrayList<>();
			for (byte[] f : fields) {
				if (h == null || !h.contains(f)) {
					out.add(-2L);
					continue;
				}
				long current = h.fieldExpireAt(f);
				boolean hasTtl = current != 0;
				boolean skip = cond != null && switch (cond) {
					case "NX" -> hasTtl;
					case "XX" -> !hasTtl;
					case "GT" -> !hasTtl || at <= current;
					default -> hasTtl && at >= current;
				};
				if (skip) {
					out.add(0L);
				}
				else if (at <= now) {
					h.remove(f);
					out.add(2L);
				}
				else {
					h.fieldExpireAt(f, at);
					out.add(1L);
				}
			}
			return out;
		});
		// Redis 7.4's events: hexpire when a TTL was set, hexpired for fields a past time removed
		if (codes.contains(1L)) {
			ctx.server().notifier().follow('h', "hexpire", ctx.session().db(), ctx.key(1));
		}
		if (codes.contains(2L)) {
			ctx.server().notifier().follow('h', "hexpired", ctx.session().db(), ctx.key(1));
			if (ctx.db().peek(ctx.key(1)) == null) {
				ctx.server().notifier().follow('g', "del", ctx.session().db(), ctx.key(1));
			}
		}
		ctx.reply().array(codes.size());
		codes.forEach(ctx.reply()::integer);
	}

	private void ttl(CommandContext ctx, boolean seconds, boolean absolute) {
		List<byte[]> fields = fields(ctx, 2);
		HashValue h = HashCommands.read(ctx);
		long now = CommandClock.now();
		ctx.reply().array(fields.size());
		for (byte[] f : fields) {
			if (h == null || !h.contains(f)) {
				ctx.reply().integer(-2);
				continue;
			}
			long at = h.fieldExpireAt(f);
			if (at == 0) {
				ctx.reply().integer(-1);
				continue;
			}
			long v = absolute ? at : Math.max(0, at - now);
			if (seconds) {
				v = absolute ? v / 1000 : (v + 500) / 1000;
			}
			ctx.reply().integer(v);
		}
	}

	private void hpersist(CommandContext ctx) {
		List<byte[]> fields = fields(ctx, 2);
		List<Long> codes = HashCommands.update(ctx, null, h -> {
			List<Long> out = new ArrayList<>();
			for (byte[] f : fields) {
				if (h == null || !h.contains(f)) {
					out.add(-2L);
				}
				else if (h.fieldExpireAt(f) == 0) {
					out.add(-1L);
				}
				else {
					h.fieldExpireAt(f, 0);
					out.add(1L);
				}
			}
			return out;
		});
		if (codes.contains(1L)) {
			ctx.server().notifier().follow('h', "hpersist", ctx.session().db(), ctx.key(1));
		}
		ctx.reply().array(codes.size());
		codes.forEach(ctx.reply()::integer);
	}

}
