package io.cachalot.server.command.zset;

import java.util.List;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.command.MultiPopArguments;
import io.cachalot.server.protocol.resp.Reply;
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

	private void mpop(CommandContext ctx, int numKeysIndex, long timeout) {
		MultiPopArguments a = MultiPopArguments.parse(ctx, numKeysIndex, "MIN", "MAX");
		int end = a.firstKey() + a.keyCount();
		byte[] key = ctx.firstBlockingSource(a.firstKey(), end, ZSetValue.class);
		if (key == null) {
			ctx.blockOrReplyNull(ctx.keys(a.firstKey(), end), timeout, true);
			return;
		}
		List<Entry> popped = ctx.db().update(key, ZSetValue.class, null, z -> z.pop(a.count(), !a.first()));
		Reply reply = ctx.reply();
		reply.array(2);
		reply.bulk(key);
		reply.array(popped.size());
		for (Entry e : popped) {
			reply.array(2);
			reply.bulk(e.member());
			reply.doubleValue(e.score());
		}
	}

	private void bpop(CommandContext ctx, boolean max) {
		long timeout = ctx.timeoutArg(ctx.argc() - 1);
		byte[] key = ctx.firstBlockingSource(1, ctx.argc() - 1, ZSetValue.class);
		if (key == null) {
			ctx.block(ctx.keys(1, ctx.argc() - 1), timeout, true);
			return;
		}
		Entry e = ctx.db().update(key, ZSetValue.class, null, z -> z.pop(1, max).get(0));
		Reply reply = ctx.reply();
		reply.array(3);
		reply.bulk(key);
		reply.bulk(e.member());
		reply.doubleValue(e.score());
	}

}
