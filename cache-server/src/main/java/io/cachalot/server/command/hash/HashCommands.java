package io.cachalot.server.command.hash;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.command.RandomSelection;
import io.cachalot.server.command.ScanArguments;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.store.CommandClock;
import io.cachalot.server.store.type.HashValue;
import io.cachalot.server.store.type.StringOps;
import io.cachalot.server.util.Numbers;

/** Hash commands: parse arguments, call {@link HashValue} through the store, reply. */
public final class HashCommands implements CommandFamily {

	@Override
	public void register(Binder b) {
		b.handle("hset", ctx -> ctx.reply().integer(setFields(ctx)));
		b.handle("hmset", ctx -> {
			setFields(ctx);
			ctx.reply().ok();
		});
		b.handle("hsetnx", ctx -> ctx.reply().integer(update(ctx, () -> new HashValue(ctx.server().encodingLimits()),
				h -> (h.contains(ctx.arg(2)) ? 0L : (h.put(ctx.arg(2), ctx.arg(3)) ? 1L : 0L)))));
		b.handle("hget", ctx -> {
			HashValue h = read(ctx);
			ctx.reply().bulk((h != null) ? h.get(ctx.arg(2)) : null);
		});
		b.handle("hmget", ctx -> {
			HashValue h = read(ctx);
			ctx.reply().array(ctx.argc() - 2);
			for (int i = 2; i < ctx.argc(); i++) {
				ctx.reply().bulk((h != null) ? h.get(ctx.arg(i)) : null);
			}
		});
		b.handle("hdel", ctx -> ctx.reply().integer(update(ctx, null, h -> {
			long removed = 0;
			for (int i = 2; h != null && i < ctx.argc(); i++) {
				removed += h.remove(ctx.arg(i)) ? 1 : 0;
			}
			return removed;
		})));
		b.handle("hexists", ctx -> {
			HashValue h = read(ctx);
			ctx.reply().integer((h != null && h.contains(ctx.arg(2))) ? 1 : 0);
		});
		b.handle("hlen", ctx -> {
			HashValue h = read(ctx);
			ctx.reply().integer((h != null) ? h.size() : 0);
		});
		b.handle("hstrlen", ctx -> {
			HashValue h = read(ctx);
			byte[] v = (h != null) ? h.get(ctx.arg(2)) : null;
			ctx.reply().integer((v != null) ? v.length : 0);
		});
		b.handle("hkeys", ctx -> listing(ctx, true, false));
		b.handle("hvals", ctx -> listing(ctx, false, true));
		b.handle("hgetall", ctx -> listing(ctx, true, true));
		b.handle("hincrby", this::hincrby);
		b.handle("hincrbyfloat", this::hincrbyfloat);
		b.handle("hrandfield", this::hrandfield);
		b.handle("hscan", this::hscan);
	}

	/**
	 * The hash at argument 1 for a read, with fields whose TTL has passed removed first (and the
	 * key deleted when that leaves it empty), so no command sees an expired field.
	 */
	static HashValue read(CommandContext ctx) {
		HashValue h = ctx.db().readTyped(ctx.key(1), HashValue.class);
		long now = CommandClock.now();
		if (h != null && h.hasExpiredFields(now)) {
			ctx.db().purgeExpiredHashFields(ctx.key(1), now);
			h = (HashValue) ctx.db().peek(ctx.key(1));
		}
		return h;
	}

	/** {@link io.cachalot.server.store.Db#update} of the hash at argument 1, expired fields purged first. */
	static <R> R update(CommandContext ctx, java.util.function.Supplier<HashValue> factory,
			java.util.function.Function<HashValue, R> change) {
		long now = CommandClock.now();
		return ctx.db().update(ctx.key(1), HashValue.class, factory, h -> {
			if (h != null && h.purgeExpiredFields(now) > 0) {
				ctx.db().hashFieldsPurged(ctx.key(1));
			}
			return change.apply(h);
		});
	}

	private static long setFields(CommandContext ctx) {
		if (ctx.argc() % 2 != 0) {
			throw ctx.wrongArity();
		}
		return update(ctx, () -> new HashValue(ctx.server().encodingLimits()), h -> {
			long added = 0;
			for (int i = 2; i < ctx.argc(); i += 2) {
				added += h.put(ctx.arg(i), ctx.arg(i + 1)) ? 1 : 0;
			}
			return added;
		});
	}

	private static void listing(CommandContext ctx, boolean fields, boolean values) {
		HashValue h = read(ctx);
		Reply reply = ctx.reply();
		int size = (h != null) ? h.size() : 0;
		if (fields && values) {
			reply.map(size);
		}
		else {
			reply.array(size);
		}
		if (h != null) {
			h.forEach((f, v) -> {
				if (fields) {
					reply.bulk(f);
				}
				if (values) {
					reply.bulk(v);
				}
			});
		}
	}

	private void hincrby(CommandContext ctx) {
		long delta = ctx.longArg(3);
		byte[] field = ctx.arg(2);
		long result = update(ctx, () -> new HashValue(ctx.server().encodingLimits()), h -> {
			byte[] current = h.get(field);
			long value;
			try {
				value = (current == null) ? 0 : Numbers.parseLong(current);
			}
			catch (NumberFormatException ex) {
				throw new CommandException("ERR hash value is not an integer");
			}
			long sum = StringOps.add(value, delta);
			h.put(field, Numbers.toBytes(sum));
			return sum;
		});
		ctx.reply().integer(result);
	}

	private void hincrbyfloat(CommandContext ctx) {
		byte[] field = ctx.arg(2);
		byte[] increment = ctx.arg(3);
		ctx.doubleArg(3);
		byte[] result = update(ctx, () -> new HashValue(ctx.server().encodingLimits()), h -> {
			byte[] updated;
			try {
				updated = StringOps.incrByFloat(h.get(field), increment);
			}
			catch (StringOps.StringOpException ex) {
				if (ex.getMessage().equals(CommandException.NOT_FLOAT)) {
					throw new CommandException("ERR hash value is not a float");
				}
				throw ex;
			}
			h.put(field, updated);
			return updated;
		});
		ctx.reply().bulk(result);
	}

	private void hrandfield(CommandContext ctx) {
		Reply reply = ctx.reply();
		if (ctx.argc() == 2) {
			HashValue h = read(ctx);
			reply.bulk((h != null) ? h.randomField(ThreadLocalRandom.current()) : null);
			return;
		}
		long count = ctx.longArg(2);
		boolean withValues = false;
		if (ctx.argc() == 4) {
			if (!ctx.is(3, "WITHVALUES")) {
				throw CommandException.syntax();
			}
			withValues = true;
		}
		else if (ctx.argc() > 4) {
			throw CommandException.syntax();
		}
		if (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2) {
			throw new CommandException("ERR value is out of range");
		}
		HashValue h = read(ctx);
		List<byte[]> picked = (h == null) ? List.of()
				: RandomSelection.pick(count, h::fields, h::randomField);
		if (withValues && reply.protocol() == 3) {
			reply.array(picked.size());
			for (byte[] f : picked) {
				reply.array(2);
				reply.bulk(f);
				reply.bulk(h.get(f));
			}
			return;
		}
		reply.array(withValues ? picked.size() * 2 : picked.size());
		for (byte[] f : picked) {
			reply.bulk(f);
			if (withValues) {
				reply.bulk(h.get(f));
			}
		}
	}

	private void hscan(CommandContext ctx) {
		ScanArguments scan = ScanArguments.parse(ctx, 2, 3, false);
		HashValue h = read(ctx);
		List<byte[]> out = new ArrayList<>();
		long next = 0;
		if (h != null) {
			next = h.scan(scan.cursor(), scan.count(), (f, v) -> {
				if (scan.matches(f)) {
					out.add(f);
					out.add(v);
				}
			});
		}
		Reply reply = ctx.reply();
		reply.array(2);
		reply.bulk(Long.toUnsignedString(next).getBytes(StandardCharsets.US_ASCII));
		reply.array(out.size());
		out.forEach(reply::bulk);
	}

}
