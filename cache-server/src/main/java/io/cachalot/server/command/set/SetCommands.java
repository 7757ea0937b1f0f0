package io.cachalot.server.command.set;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.command.RandomSelection;
import io.cachalot.server.command.ScanArguments;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.store.Db;
import io.cachalot.server.store.WrongTypeException;
import io.cachalot.server.store.type.EncodingLimits;
import io.cachalot.server.store.type.SetOps;
import io.cachalot.server.store.type.SetValue;

/** Set commands: parse arguments, call {@link SetValue} and {@link SetOps} through the store, reply. */
public final class SetCommands implements CommandFamily {

	private enum Algebra {

		INTER, UNION, DIFF

	}

	@Override
	public void register(Binder b) {
		b.handle("sadd", ctx -> ctx.reply().integer(ctx.db().update(ctx.key(1), SetValue.class, () -> new SetValue(ctx.server().encodingLimits()), s -> {
			long added = 0;
			for (int i = 2; i < ctx.argc(); i++) {
				added += s.add(ctx.arg(i)) ? 1 : 0;
			}
			return added;
		})));
		b.handle("srem", ctx -> ctx.reply().integer(ctx.db().update(ctx.key(1), SetValue.class, null, s -> {
			long removed = 0;
			for (int i = 2; s != null && i < ctx.argc(); i++) {
				removed += s.remove(ctx.arg(i)) ? 1 : 0;
			}
			return removed;
		})));
		b.handle("smembers", ctx -> replySet(ctx.reply(), ctx.db().readTyped(ctx.key(1), SetValue.class)));
		b.handle("sismember", ctx -> {
			SetValue s = ctx.db().readTyped(ctx.key(1), SetValue.class);
			ctx.reply().integer((s != null && s.contains(ctx.arg(2))) ? 1 : 0);
		});
		b.handle("smismember", ctx -> {
			SetValue s = ctx.db().readTyped(ctx.key(1), SetValue.class);
			ctx.reply().array(ctx.argc() - 2);
			for (int i = 2; i < ctx.argc(); i++) {
				ctx.reply().integer((s != null && s.contains(ctx.arg(i))) ? 1 : 0);
			}
		});
		b.handle("scard", ctx -> {
			SetValue s = ctx.db().readTyped(ctx.key(1), SetValue.class);
			ctx.reply().integer((s != null) ? s.size() : 0);
		});
		b.handle("spop", this::spop);
		b.handle("srandmember", this::srandmember);
		b.handle("smove", this::smove);
		b.handle("sinter", ctx -> replySet(ctx.reply(), compute(ctx, Algebra.INTER, 1, ctx.argc())));
		b.handle("sunion", ctx -> replySet(ctx.reply(), compute(ctx, Algebra.UNION, 1, ctx.argc())));
		b.handle("sdiff", ctx -> replySet(ctx.reply(), compute(ctx, Algebra.DIFF, 1, ctx.argc())));
		b.handle("sinterstore", ctx -> store(ctx, Algebra.INTER));
		b.handle("sunionstore", ctx -> store(ctx, Algebra.UNION));
		b.handle("sdiffstore", ctx -> store(ctx, Algebra.DIFF));
		b.handle("sintercard", this::sintercard);
		b.handle("sscan", this::sscan);
	}

	private static void replySet(Reply reply, SetValue s) {
		if (s == null) {
			reply.set(0);
			return;
		}
		reply.set(s.size());
		s.forEach(reply::bulk);
	}

	/**
	 * Reads the sets at arguments {@code from..to-1}: every key must hold a set or be missing
	 * (a missing key is an empty set), then computes the result.
	 */
	private static SetValue compute(CommandContext ctx, Algebra algebra, int from, int to) {
		return compute(ctx, algebra, from, to, 0);
	}

	private static SetValue compute(CommandContext ctx, Algebra algebra, int from, int to, long limit) {
		Db db = ctx.db();
		List<SetValue> sets = new ArrayList<>();
		for (int i = from; i < to; i++) {
			sets.add(db.readTyped(ctx.key(i), SetValue.class));
		}
		EncodingLimits limits = ctx.server().encodingLimits();
		return switch (algebra) {
			case INTER -> SetOps.intersect(limits, sets, limit);
			case UNION -> SetOps.union(limits, sets);
			case DIFF -> SetOps.difference(limits, sets);
		};
	}

	private void store(CommandContext ctx, Algebra algebra) {
		SetValue result = compute(ctx, algebra, 2, ctx.argc());
		Db db = ctx.db();
		byte[] destination = ctx.key(1);
		db.delete(destination);
		if (!result.isEmpty()) {
			db.put(destination, result, 0);
		}
		ctx.reply().integer(result.size());
	}

	private void sintercard(CommandContext ctx) {
		long numKeys;
		try {
			numKeys = ctx.args().longValue(1);
		}
		catch (NumberFormatException ex) {
			numKeys = 0;
		}
		if (numKeys <= 0) {
			throw new CommandException("ERR numkeys should be greater than 0");
		}
		if (numKeys > ctx.argc() - 2) {
			throw new CommandException("ERR Number of keys can't be greater than number of args");
		}
		long limit = 0;
		for (int i = 2 + (int) numKeys; i < ctx.argc(); i++) {
			if (ctx.is(i, "LIMIT") && i + 1 < ctx.argc()) {
				limit = ctx.longArg(++i);
				if (limit < 0) {
					throw new CommandException("ERR LIMIT can't be negative");
				}
			}
			else {
				throw CommandException.syntax();
			}
		}
		ctx.reply().integer(compute(ctx, Algebra.INTER, 2, 2 + (int) numKeys, limit).size());
	}

	private void spop(CommandContext ctx) {
		if (ctx.argc() > 3) {
			throw CommandException.syntax();
		}
		if (ctx.argc() == 2) {
			byte[] popped = ctx.db().update(ctx.key(1), SetValue.class, null, s -> {
				if (s == null) {
					return null;
				}
				byte[] member = s.randomMember(ThreadLocalRandom.current());
				s.remove(member);
				return member;
			});
			ctx.reply().bulk(popped);
			return;
		}
		long count;
		try {
			count = ctx.args().longValue(2);
		}
		catch (NumberFormatException ex) {
			count = -1;
		}
		if (count < 0) {
			throw new CommandException("ERR value is out of range, must be positive");
		}
		long wanted = count;
		List<byte[]> popped = ctx.db().update(ctx.key(1), SetValue.class, null, s -> {
			List<byte[]> out = new ArrayList<>();
			for (long i = 0; s != null && i < wanted && !s.isEmpty(); i++) {
				byte[] member = s.randomMember(ThreadLocalRandom.current());
				s.remove(member);
				out.add(member);
			}
			return out;
		});
		ctx.reply().set(popped.size());
		popped.forEach(ctx.reply()::bulk);
	}

	private void srandmember(CommandContext ctx) {
		SetValue s = ctx.db().readTyped(ctx.key(1), SetValue.class);
		if (ctx.argc() == 2) {
			ctx.reply().bulk((s != null) ? s.randomMember(ThreadLocalRandom.current()) : null);
			return;
		}
		if (ctx.argc() > 3) {
			throw CommandException.syntax();
		}
		long count = ctx.longArg(2);
		if (count < -Long.MAX_VALUE / 2) {
			throw new CommandException("ERR value is out of range");
		}
		List<byte[]> picked = (s == null) ? List.of() : RandomSelection.pick(count, s::members, s::randomMember);
		ctx.reply().array(picked.size());
		picked.forEach(ctx.reply()::bulk);
	}

	private void smove(CommandContext ctx) {
		Db db = ctx.db();
		byte[] source = ctx.key(1);
		byte[] destination = ctx.key(2);
		byte[] member = ctx.arg(3);
		Object srcValue = db.readForWrite(source);
		Object dst = db.peek(destination);
		if (srcValue == null) {
			ctx.reply().integer(0);
			return;
		}
		if (!(srcValue instanceof SetValue src) || (dst != null && !(dst instanceof SetValue))) {
			throw WrongTypeException.INSTANCE;
		}
		if (Arrays.equals(source, destination)) {
			ctx.reply().integer(src.contains(member) ? 1 : 0);
			return;
		}
		boolean removed = db.update(source, SetValue.class, null, s -> s.remove(member));
		if (!removed) {
			ctx.reply().integer(0);
			return;
		}
		db.update(destination, SetValue.class, () -> new SetValue(ctx.server().encodingLimits()), s -> s.add(member));
		ctx.reply().integer(1);
	}

	private void sscan(CommandContext ctx) {
		ScanArguments scan = ScanArguments.parse(ctx, 2, 3, false);
		SetValue s = ctx.db().readTyped(ctx.key(1), SetValue.class);
		List<byte[]> out = new ArrayList<>();
		long next = (s == null) ? 0 : s.scan(scan.cursor(), scan.count(), member -> {
			if (scan.matches(member)) {
				out.add(member);
			}
		});
		Reply reply = ctx.reply();
		reply.array(2);
		reply.bulk(Long.toUnsignedString(next).getBytes(StandardCharsets.US_ASCII));
		reply.array(out.size());
		out.forEach(reply::bulk);
	}

}
