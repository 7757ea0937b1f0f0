package io.cachalot.server.command.list;

import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.command.MultiPopArguments;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.store.Db;
import io.cachalot.server.store.WrongTypeException;
import io.cachalot.server.store.type.ListValue;

/**
 * List commands, blocking ones included: BLPOP and friends try like their non-blocking
 * forms and, finding nothing, ask to block on their keys (see {@code BlockingRegistry}).
 */
public final class ListCommands implements CommandFamily {

	@Override
	public void register(Binder b) {
		b.handle("lpush", ctx -> push(ctx, true, true));
		b.handle("rpush", ctx -> push(ctx, false, true));
		b.handle("lpushx", ctx -> push(ctx, true, false));
		b.handle("rpushx", ctx -> push(ctx, false, false));
		b.handle("lpop", ctx -> pop(ctx, true));
		b.handle("rpop", ctx -> pop(ctx, false));
		b.handle("llen", ctx -> {
			ListValue l = ctx.db().readTyped(ctx.key(1), ListValue.class);
			ctx.reply().integer((l != null) ? l.size() : 0);
		});
		b.handle("lrange", ctx -> {
			long start = ctx.longArg(2);
			long end = ctx.longArg(3);
			ListValue l = ctx.db().readTyped(ctx.key(1), ListValue.class);
			List<byte[]> out = (l != null) ? l.range(start, end) : List.of();
			ctx.reply().array(out.size());
			out.forEach(ctx.reply()::bulk);
		});
		b.handle("lindex", ctx -> {
			long index = ctx.longArg(2);
			ListValue l = ctx.db().readTyped(ctx.key(1), ListValue.class);
			int p = (l != null) ? l.position(index) : -1;
			ctx.reply().bulk((p >= 0) ? l.get(p) : null);
		});
		b.handle("lset", this::lset);
		b.handle("linsert", this::linsert);
		b.handle("lrem", ctx -> {
			long count = ctx.longArg(2);
			ctx.reply().integer(ctx.db().update(ctx.key(1), ListValue.class, null,
					l -> (l == null) ? 0L : (long) l.remove(count, ctx.arg(3))));
		});
		b.handle("ltrim", ctx -> {
			long start = ctx.longArg(2);
			long end = ctx.longArg(3);
			ctx.db().update(ctx.key(1), ListValue.class, null, l -> {
				if (l != null) {
					l.trim(start, end);
				}
				return null;
			});
			ctx.reply().ok();
		});
		b.handle("lpos", this::lpos);
		b.handle("lmove", ctx -> move(ctx, side(ctx, 3), side(ctx, 4), -1));
		b.handle("rpoplpush", ctx -> move(ctx, false, true, -1));
		b.handle("blmove", ctx -> move(ctx, side(ctx, 3), side(ctx, 4), ctx.timeoutArg(5)));
		b.handle("brpoplpush", ctx -> move(ctx, false, true, ctx.timeoutArg(3)));
		b.handle("lmpop", ctx -> mpop(ctx, 1, -1));
		b.handle("blmpop", ctx -> mpop(ctx, 2, ctx.timeoutArg(1)));
		b.handle("blpop", ctx -> bpop(ctx, true));
		b.handle("brpop", ctx -> bpop(ctx, false));
	}

	private static boolean side(CommandContext ctx, int i) {
		if (ctx.is(i, "LEFT")) {
			return true;
		}
		if (ctx.is(i, "RIGHT")) {
			return false;
		}
		throw CommandException.syntax();
	}

	private void push(CommandContext ctx, boolean left, boolean create) {
		long size = ctx.db().update(ctx.key(1), ListValue.class, create ? () -> new ListValue(ctx.server().encodingLimits()) : null, l -> {
			if (l == null) {
				return 0L;
			}
			for (int i = 2; i < ctx.argc(); i++) {
				l.push(left, ctx.arg(i));
			}
			return (long) l.size();
		});
		ctx.reply().integer(size);
	}

	private void pop(CommandContext ctx, boolean left) {
		if (ctx.argc() > 3) {
			throw CommandException.syntax();
		}
		if (ctx.argc() == 2) {
			byte[] popped = ctx.db().update(ctx.key(1), ListValue.class, null, l -> (l == null) ? null : l.pop(left));
			ctx.reply().bulk(popped);
			return;
		}
		long count = positiveCount(ctx, 2, "ERR value is out of range, must be positive");
		List<byte[]> popped = ctx.db().update(ctx.key(1), ListValue.class, null, l -> {
			if (l == null) {
				return null;
			}
			List<byte[]> out = new ArrayList<>();
			for (long i = 0; i < count && !l.isEmpty(); i++) {
				out.add(l.pop(left));
			}
			return out;
		});
		if (popped == null) {
			ctx.reply().nullArray();
			return;
		}
		ctx.reply().array(popped.size());
		popped.forEach(ctx.reply()::bulk);
	}

	private static long positiveCount(CommandContext ctx, int i, String error) {
		try {
			long n = ctx.args().longValue(i);
			if (n >= 0) {
				return n;
			}
		}
		catch (NumberFormatException ex) {
			// same reply as a negative count
		}
		throw new CommandException(error);
	}

	private void lset(CommandContext ctx) {
		ctx.db().update(ctx.key(1), ListValue.class, null, l -> {
			if (l == null) {
				throw new CommandException("ERR no such key");
			}
			int p = l.position(ctx.longArg(2));
			if (p < 0) {
				throw new CommandException("ERR index out of range");
			}
			l.set(p, ctx.arg(3));
			return null;
		});
		ctx.reply().ok();
	}

	private void linsert(CommandContext ctx) {
		boolean after;
		if (ctx.is(2, "AFTER")) {
			after = true;
		}
		else if (ctx.is(2, "BEFORE")) {
			after = false;
		}
		else {
			throw CommandException.syntax();
		}
		ctx.reply().integer(ctx.db().update(ctx.key(1), ListValue.class, null,
				l -> (l == null) ? 0L : (long) l.insertNear(ctx.arg(3), ctx.arg(4), after)));
	}

	private void lpos(CommandContext ctx) {
		long rank = 1;
		long count = -1;
		long maxLen = 0;
		for (int i = 3; i < ctx.argc(); i++) {
			if (ctx.is(i, "RANK") && i + 1 < ctx.argc()) {
				rank = ctx.longArg(++i);
				if (rank == 0) {
					throw new CommandException("ERR RANK can't be zero: use 1 to start from the first match, 2 from the "
							+ "second ... or use negative to start from the end of the list");
				}
				if (rank == Long.MIN_VALUE) {
					throw new CommandException("ERR value is out of range");
				}
			}
			else if (ctx.is(i, "COUNT") && i + 1 < ctx.argc()) {
				count = ctx.longArg(++i);
				if (count < 0) {
					throw new CommandException("ERR COUNT can't be negative");
				}
			}
			else if (ctx.is(i, "MAXLEN") && i + 1 < ctx.argc()) {
				maxLen = ctx.longArg(++i);
				if (maxLen < 0) {
					throw new CommandException("ERR MAXLEN can't be negative");
				}
			}
			else {
				throw CommandException.syntax();
			}
		}
		ListValue l = ctx.db().readTyped(ctx.key(1), ListValue.class);
		List<Long> found = (l == null) ? List.of()
				: l.positions(ctx.arg(2), rank, (count < 0) ? 1 : count, maxLen);
		Reply reply = ctx.reply();
		if (count < 0) {
			if (found.isEmpty()) {
				reply.nullBulk();
			}
			else {
				reply.integer(found.get(0));
			}
			return;
		}
		reply.array(found.size());
		found.forEach(reply::integer);
	}

	/** LMOVE / RPOPLPUSH, and their blocking forms when {@code timeout >= 0}. */
	private void move(CommandContext ctx, boolean fromLeft, boolean toLeft, long timeout) {
		Db db = ctx.db();
		byte[] source = ctx.key(1);
		byte[] destination = ctx.key(2);
		Object src = db.readForWrite(source);
		if (src == null || ctx.waitsPastWrongType(src, ListValue.class)) {
			ctx.blockOrReplyNull(List.of(source), timeout, false);
			return;
		}
		Object dst = db.peek(destination);
		if (!(src instanceof ListValue) || (dst != null && !(dst instanceof ListValue))) {
			throw WrongTypeException.INSTANCE;
		}
		byte[] element = db.update(source, ListValue.class, null, l -> l.pop(fromLeft));
		db.update(destination, ListValue.class, () -> new ListValue(ctx.server().encodingLimits()), l -> {
			l.push(toLeft, element);
			return null;
		});
		ctx.reply().bulk(element);
	}

	/** LMPOP / BLMPOP: numkeys at {@code numKeysIndex}, then keys, LEFT|RIGHT, [COUNT n]. */
	private void mpop(CommandContext ctx, int numKeysIndex, long timeout) {
		MultiPopArguments a = MultiPopArguments.parse(ctx, numKeysIndex, "LEFT", "RIGHT");
		int end = a.firstKey() + a.keyCount();
		byte[] key = ctx.firstBlockingSource(a.firstKey(), end, ListValue.class);
		if (key == null) {
			ctx.blockOrReplyNull(ctx.keys(a.firstKey(), end), timeout, true);
			return;
		}
		List<byte[]> popped = ctx.db().update(key, ListValue.class, null, list -> {
			List<byte[]> out = new ArrayList<>();
			for (long n = 0; n < a.count() && !list.isEmpty(); n++) {
				out.add(list.pop(a.first()));
			}
			return out;
		});
		Reply reply = ctx.reply();
		reply.array(2);
		reply.bulk(key);
		reply.array(popped.size());
		popped.forEach(reply::bulk);
	}

	/** BLPOP / BRPOP key [key ...] timeout. */
	private void bpop(CommandContext ctx, boolean left) {
		long timeout = ctx.timeoutArg(ctx.argc() - 1);
		byte[] key = ctx.firstBlockingSource(1, ctx.argc() - 1, ListValue.class);
		if (key == null) {
			ctx.block(ctx.keys(1, ctx.argc() - 1), timeout, true);
			return;
		}
		byte[] element = ctx.db().update(key, ListValue.class, null, list -> list.pop(left));
		ctx.reply().array(2);
		ctx.reply().bulk(key);
		ctx.reply().bulk(element);
	}

}
