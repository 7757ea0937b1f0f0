package io.cachalot.server.command.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.command.ScanArguments;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.store.Db;
import io.cachalot.server.store.Keyspace;
import io.cachalot.server.store.ValueType;
import io.cachalot.server.util.Glob;

/** Generic key commands: existence, deletion, renaming, copying, iteration. */
public final class KeyCommands implements CommandFamily {

	@Override
	public void register(Binder b) {
		b.handle("del", this::del);
		b.handle("unlink", this::del);
		b.handle("exists", ctx -> countKeys(ctx, false));
		b.handle("touch", ctx -> countKeys(ctx, true));
		b.handle("type", ctx -> {
			Object v = ctx.db().peekForRead(ctx.key(1));
			ctx.reply().simple((v == null) ? "none" : ValueType.of(v).redisName());
		});
		b.handle("rename", ctx -> rename(ctx, false));
		b.handle("renamenx", ctx -> rename(ctx, true));
		b.handle("copy", this::copy);
		b.handle("move", this::move);
		b.handle("keys", this::keys);
		b.handle("scan", this::scan);
		b.handle("randomkey", ctx -> ctx.reply().bulk(ctx.server().keyspace().randomKey(ctx.session().db())));
	}

	private void del(CommandContext ctx) {
		Db db = ctx.db();
		long n = 0;
		for (int i = 1; i < ctx.argc(); i++) {
			if (db.delete(ctx.key(i))) {
				n++;
			}
		}
		ctx.reply().integer(n);
	}

	private void countKeys(CommandContext ctx, boolean touch) {
		Db db = ctx.db();
		long n = 0;
		for (int i = 1; i < ctx.argc(); i++) {
			if (touch ? db.touch(ctx.key(i)) : db.peekForRead(ctx.key(i)) != null) {
				n++;
			}
		}
		ctx.reply().integer(n);
	}

	private void rename(CommandContext ctx, boolean onlyIfAbsent) {
		Db db = ctx.db();
		byte[] src = ctx.key(1);
		byte[] dst = ctx.key(2);
		Object value = db.readForWrite(src);
		if (value == null) {
			throw new CommandException("ERR no such key");
		}
		if (java.util.Arrays.equals(src, dst)) {
			if (onlyIfAbsent) {
				ctx.reply().integer(0);
			}
			else {
				ctx.reply().ok();
			}
			return;
		}
		if (onlyIfAbsent && db.readForWrite(dst) != null) {
			ctx.reply().integer(0);
			return;
		}
		long expireAt = db.expireTime(src);
		int hint = db.encodingHint(src);
		db.remove(src);
		db.put(dst, value, Math.max(0, expireAt));
		db.encodingHint(dst, hint);
		if (onlyIfAbsent) {
			ctx.reply().integer(1);
		}
		else {
			ctx.reply().ok();
		}
	}

	private void copy(CommandContext ctx) {
		int targetDb = ctx.session().db();
		boolean replace = false;
		for (int i = 3; i < ctx.argc(); i++) {
			if (ctx.is(i, "REPLACE")) {
				replace = true;
			}
			else if (ctx.is(i, "DB") && i + 1 < ctx.argc()) {
				long n = ctx.longArg(++i);
				if (n < 0 || n >= ctx.server().keyspace().databases()) {
					throw new CommandException("ERR DB index is out of range");
				}
				targetDb = (int) n;
			}
			else {
				throw CommandException.syntax();
			}
		}
		byte[] src = ctx.key(1);
		byte[] dst = ctx.key(2);
		if (targetDb == ctx.session().db() && java.util.Arrays.equals(src, dst)) {
			throw new CommandException("ERR source and destination objects are the same");
		}
		Db from = ctx.db();
		Db to = ctx.server().keyspace().db(targetDb);
		Object value = from.readForWrite(src);
		if (value == null) {
			ctx.reply().integer(0);
			return;
		}
		if (to.readForWrite(dst) != null && !replace) {
			ctx.reply().integer(0);
			return;
		}
		long expireAt = from.expireTime(src);
		to.put(dst, Db.copyOf(value), Math.max(0, expireAt));
		to.encodingHint(dst, from.encodingHint(src));
		ctx.reply().integer(1);
	}

	private void move(CommandContext ctx) {
		long n = ctx.longArg(2);
		Keyspace keyspace = ctx.server().keyspace();
		if (n < 0 || n >= keyspace.databases()) {
			throw new CommandException("ERR DB index is out of range");
		}
		if (n == ctx.session().db()) {
			throw new CommandException("ERR source and destination objects are the same");
		}
		Db from = ctx.db();
		Db to = keyspace.db((int) n);
		byte[] key = ctx.key(1);
		Object value = from.readForWrite(key);
		if (value == null || to.readForWrite(key) != null) {
			ctx.reply().integer(0);
			return;
		}
		long expireAt = from.expireTime(key);
		int hint = from.encodingHint(key);
		from.remove(key);
		to.put(key, value, Math.max(0, expireAt));
		to.encodingHint(key, hint);
		ctx.reply().integer(1);
	}

	private void keys(CommandContext ctx) {
		byte[] pattern = ctx.arg(1);
		List<byte[]> out = new ArrayList<>();
		ctx.server().keyspace().scan(ctx.session().db(), 0, Integer.MAX_VALUE, globFilter(pattern), out);
		Reply reply = ctx.reply();
		reply.array(out.size());
		out.forEach(reply::bulk);
	}

	private void scan(CommandContext ctx) {
		ScanArguments scan = ScanArguments.parse(ctx, 1, 2, true);
		BiPredicate<byte[], Object> filter = (scan.pattern() != null) ? (k, v) -> scan.matches(k) : null;
		if (scan.typeGiven()) {
			ValueType wanted = scan.type();
			BiPredicate<byte[], Object> byType = (k, v) -> ValueType.of(v) == wanted;
			filter = (filter == null) ? byType : filter.and(byType);
		}
		List<byte[]> out = new ArrayList<>();
		long next = ctx.server().keyspace().scan(ctx.session().db(), scan.cursor(), scan.count(), filter, out);
		Reply reply = ctx.reply();
		reply.array(2);
		reply.bulk(Long.toUnsignedString(next));
		reply.array(out.size());
		out.forEach(reply::bulk);
	}

	private static BiPredicate<byte[], Object> globFilter(byte[] pattern) {
		if (pattern == null || (pattern.length == 1 && pattern[0] == '*')) {
			return null;
		}
		return (k, v) -> Glob.matches(pattern, k, false);
	}

}
