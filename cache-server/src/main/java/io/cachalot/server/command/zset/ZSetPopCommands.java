package io.cachalot.server.command.zset;

import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.command.MultiPopArguments;
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

	private void mpop(CommandContext ctx, int numKeysIndex, long timeout) {
		MultiPopArguments a = MultiPopArguments.parse(ctx, numKeysIndex, "MIN", "MAX");
		Db db = ctx.db();
		List<byte[]> keys = new ArrayList<>();
		for (int i = a.firstKey(); i < a.firstKey() + a.keyCount(); i++) {
			byte[] key = ctx.key(i);
			keys.add(key);
			if (ctx.blockingSource(key, ZSetValue.class) != null) {
				List<Entry> popped = db.update(key, ZSetValue.class, null, z -> z.pop(a.count(), !a.first()));
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
		ctx.blockOrReplyNull(keys, timeout, true);
	}

	private void bpop(CommandContext ctx, boolean max) {
		long timeout = ctx.timeoutArg(ctx.argc() - 1);
		Db db = ctx.db();
		List<byte[]> keys = new ArrayList<>();
		for (int i = 1; i < ctx.argc() - 1; i++) {
			byte[] key = ctx.key(i);
			keys.add(key);
			if (ctx.blockingSource(key, ZSetValue.class) != null) {
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
