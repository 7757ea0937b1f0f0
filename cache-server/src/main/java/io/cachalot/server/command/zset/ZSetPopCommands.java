package io.cachalot.server.command.zset;

import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.store.Db;
import io.cachalot.server.store.type.ZSetValue;
import io.cachalot.server.store.type.ZSetValue.Entry;

/** ZMPOP and the blocking pops BZPOPMIN, BZPOPMAX and BZMPOP. */
public final class ZSetPopCommands implements CommandFamily {

	@Override
	public void register(Binder b) {
		b.handle("zmpop", ctx -> mpop(ctx, 1, -1));
		b.handle("bzmpop", ctx -> mpop(ctx, 2, ctx.timeoutArg(1)));
		b.handle("bzpopmin", ctx -> bpop(ctx, false));
		b.handle("bzpopmax", ctx -> bpop(ctx, true));
	}

	private static long positive(CommandContext ctx, int i, String error) {
		try {
			long n = ctx.args().longValue(i);
			if (n > 0) {
				return n;
			}
		}
		catch (NumberFormatException ex) {
			// same error as a non-positive value
		}
		throw new CommandException(error);
	}

	private void mpop(CommandContext ctx, int numKeysIndex, long timeout) {
		long numKeys = positive(ctx, numKeysIndex, "ERR numkeys should be greater than 0");
		int first = numKeysIndex + 1;
		if (numKeys > ctx.argc() - first - 1) {
			throw CommandException.syntax();
		}
		int whereIndex = first + (int) numKeys;
		boolean max;
		if (ctx.is(whereIndex, "MAX")) {
			max = true;
		}
		else if (ctx.is(whereIndex, "MIN")) {
			max = false;
		}
		else {
			throw CommandException.syntax();
		}
		long count = 1;
		if (ctx.argc() > whereIndex + 1) {
			if (ctx.argc() == whereIndex + 3 && ctx.is(whereIndex + 1, "COUNT")) {
				count = positive(ctx, whereIndex + 2, "ERR count should be greater than 0");
			}
			else {
				throw CommandException.syntax();
			}
		}
		Db db = ctx.db();
		List<byte[]> keys = new ArrayList<>();
		for (int i = first; i < whereIndex; i++) {
			byte[] key = ctx.key(i);
			keys.add(key);
			if (db.readTyped(key, ZSetValue.class) != null) {
				long wanted = count;
				List<Entry> popped = db.update(key, ZSetValue.class, null, z -> z.pop(wanted, max));
				Reply reply = ctx.reply();
				reply.array(2);
				reply.bulk(key);
				reply.array(popped.size());
				for (Entry e : popped) {
					reply.array(2);
					reply.bulk(e.member());
					reply.doubleValue(e.score());
				}
				return;
			}
		}
		if (timeout >= 0) {
			ctx.block(keys, timeout, true);
		}
		else {
			ctx.reply().nullArray();
		}
	}

	private void bpop(CommandContext ctx, boolean max) {
		long timeout = ctx.timeoutArg(ctx.argc() - 1);
		Db db = ctx.db();
		List<byte[]> keys = new ArrayList<>();
		for (int i = 1; i < ctx.argc() - 1; i++) {
			byte[] key = ctx.key(i);
			keys.add(key);
			if (db.readTyped(key, ZSetValue.class) != null) {
				Entry e = db.update(key, ZSetValue.class, null, z -> z.pop(1, max).get(0));
				Reply reply = ctx.reply();
				reply.array(3);
				reply.bulk(key);
				reply.bulk(e.member());
				reply.doubleValue(e.score());
				return;
			}
		}
		ctx.block(keys, timeout, true);
	}

}
