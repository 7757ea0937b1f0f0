package io.cachalot.server.command.string;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.store.CommandClock;
import io.cachalot.server.store.Db;
import io.cachalot.server.store.type.StringEncoding;
import io.cachalot.server.store.type.StringOps;
import io.cachalot.server.store.type.StringOps.LcsResult;

/** String commands: parse arguments, call {@link Db} and {@link StringOps}, reply. */
public final class StringCommands implements CommandFamily {

	@Override
	public void register(Binder b) {
		b.handle("get", ctx -> ctx.reply().bulk(ctx.db().getString(ctx.key(1))));
		b.handle("set", this::set);
		b.handle("setnx", this::setnx);
		b.handle("setex", ctx -> setWithExpire(ctx, ExpireArgument.EX));
		b.handle("psetex", ctx -> setWithExpire(ctx, ExpireArgument.PX));
		b.handle("getex", this::getex);
		b.handle("getdel", this::getdel);
		b.handle("getset", this::getset);
		b.handle("mget", this::mget);
		b.handle("mset", ctx -> mset(ctx, false));
		b.handle("msetnx", ctx -> mset(ctx, true));
		b.handle("append", this::append);
		b.handle("strlen", ctx -> {
			byte[] v = ctx.db().getString(ctx.key(1));
			ctx.reply().integer((v != null) ? v.length : 0);
		});
		b.handle("getrange", this::getrange);
		b.handle("substr", this::getrange);
		b.handle("setrange", this::setrange);
		b.handle("incr", ctx -> incrBy(ctx, 1));
		b.handle("decr", ctx -> incrBy(ctx, -1));
		b.handle("incrby", ctx -> incrBy(ctx, ctx.longArg(2)));
		b.handle("decrby", ctx -> {
			long n = ctx.longArg(2);
			if (n == Long.MIN_VALUE) {
				throw new CommandException("ERR decrement would overflow");
			}
			incrBy(ctx, -n);
		});
		b.handle("incrbyfloat", this::incrbyfloat);
		b.handle("lcs", this::lcs);
	}

	private void set(CommandContext ctx) {
		if (ctx.argc() == 3) {
			ctx.db().put(ctx.key(1), ctx.arg(2), 0);
			ctx.reply().ok();
			return;
		}
		boolean nx = false;
		boolean xx = false;
		boolean get = false;
		boolean keepTtl = false;
		ExpireArgument expire = null;
		int expireIndex = 0;
		for (int i = 3; i < ctx.argc(); i++) {
			ExpireArgument e = ExpireArgument.of(ctx, i);
			if (ctx.is(i, "NX") && !xx) {
				nx = true;
			}
			else if (ctx.is(i, "XX") && !nx) {
				xx = true;
			}
			else if (ctx.is(i, "GET")) {
				get = true;
			}
			else if (ctx.is(i, "KEEPTTL") && expire == null) {
				keepTtl = true;
			}
			else if (e != null && !keepTtl && (expire == null || expire == e) && i + 1 < ctx.argc()) {
				expire = e;
				expireIndex = ++i;
			}
			else {
				throw CommandException.syntax();
			}
		}
		long expireAt = (expire != null) ? expire.toUnixMillis(ctx, expireIndex) : 0;
		Db db = ctx.db();
		byte[] key = ctx.key(1);
		if (get) {
			ctx.reply().bulk(db.getString(key));
		}
		boolean found = db.readForWrite(key) != null;
		if ((nx && found) || (xx && !found)) {
			if (!get) {
				ctx.reply().nullBulk();
			}
			return;
		}
		if (keepTtl) {
			db.putKeepTtl(key, ctx.arg(2));
		}
		else {
			db.put(key, ctx.arg(2), expireAt);
		}
		if (!get) {
			ctx.reply().ok();
		}
	}

	private void setnx(CommandContext ctx) {
		Db db = ctx.db();
		byte[] key = ctx.key(1);
		if (db.readForWrite(key) != null) {
			ctx.reply().integer(0);
			return;
		}
		db.put(key, ctx.arg(2), 0);
		ctx.reply().integer(1);
	}

	private void setWithExpire(CommandContext ctx, ExpireArgument unit) {
		long expireAt = unit.toUnixMillis(ctx, 2);
		ctx.db().put(ctx.key(1), ctx.arg(3), expireAt);
		ctx.reply().ok();
	}

	private void getex(CommandContext ctx) {
		ExpireArgument expire = null;
		int expireIndex = 0;
		boolean persist = false;
		for (int i = 2; i < ctx.argc(); i++) {
			ExpireArgument e = ExpireArgument.of(ctx, i);
			if (ctx.is(i, "PERSIST") && expire == null) {
				persist = true;
			}
			else if (e != null && !persist && (expire == null || expire == e) && i + 1 < ctx.argc()) {
				expire = e;
				expireIndex = ++i;
			}
			else {
				throw CommandException.syntax();
			}
		}
		Db db = ctx.db();
		byte[] key = ctx.key(1);
		byte[] value = db.getString(key);
		if (value == null) {
			ctx.reply().nullBulk();
			return;
		}
		long expireAt = (expire != null) ? expire.toUnixMillis(ctx, expireIndex) : 0;
		ctx.reply().bulk(value);
		if (expire != null) {
			if (expireAt <= CommandClock.now()) {
				db.delete(key);
			}
			else {
				db.setExpireTime(key, expireAt);
			}
		}
		else if (persist && db.expireTime(key) >= 0) {
			db.setExpireTime(key, 0);
		}
	}

	private void getdel(CommandContext ctx) {
		Db db = ctx.db();
		byte[] key = ctx.key(1);
		byte[] value = db.getString(key);
		if (value != null) {
			db.delete(key);
		}
		ctx.reply().bulk(value);
	}

	private void getset(CommandContext ctx) {
		Db db = ctx.db();
		byte[] key = ctx.key(1);
		byte[] old = db.getString(key);
		db.put(key, ctx.arg(2), 0);
		ctx.reply().bulk(old);
	}

	private void mget(CommandContext ctx) {
		Db db = ctx.db();
		Reply reply = ctx.reply();
		reply.array(ctx.argc() - 1);
		for (int i = 1; i < ctx.argc(); i++) {
			Object v = db.read(ctx.key(i));
			reply.bulk((v instanceof byte[] b) ? b : null);
		}
	}

	private void mset(CommandContext ctx, boolean onlyIfNoneExist) {
		if (ctx.argc() % 2 == 0) {
			throw ctx.wrongArity();
		}
		Db db = ctx.db();
		if (onlyIfNoneExist) {
			for (int i = 1; i < ctx.argc(); i += 2) {
				if (db.readForWrite(ctx.key(i)) != null) {
					ctx.reply().integer(0);
					return;
				}
			}
		}
		for (int i = 1; i < ctx.argc(); i += 2) {
			db.put(ctx.key(i), ctx.arg(i + 1), 0);
		}
		if (onlyIfNoneExist) {
			ctx.reply().integer(1);
		}
		else {
			ctx.reply().ok();
		}
	}

	private void append(CommandContext ctx) {
		byte[] suffix = ctx.arg(2);
		long max = ctx.server().maxBulkLength();
		boolean[] existed = new boolean[1];
		byte[] updated = ctx.db().updateString(ctx.key(1), current -> {
			existed[0] = current != null;
			return (current == null) ? suffix : StringOps.append(current, suffix, max);
		});
		if (existed[0]) {
			ctx.db().encodingHint(ctx.key(1), StringEncoding.RAW);
		}
		ctx.reply().integer(updated.length);
	}

	private void getrange(CommandContext ctx) {
		long start = ctx.longArg(2);
		long end = ctx.longArg(3);
		byte[] v = ctx.db().getString(ctx.key(1));
		ctx.reply().bulk(StringOps.range((v != null) ? v : new byte[0], start, end));
	}

	private void setrange(CommandContext ctx) {
		long offset = ctx.longArg(2);
		if (offset < 0) {
			throw new CommandException("ERR offset is out of range");
		}
		Db db = ctx.db();
		byte[] key = ctx.key(1);
		byte[] patch = ctx.arg(3);
		byte[] current = db.getStringForWrite(key);
		if (patch.length == 0) {
			if (current == null) {
				ctx.reply().integer(0);
				return;
			}
			StringOps.checkLength(offset, ctx.server().maxBulkLength());
			ctx.reply().integer(current.length);
			return;
		}
		byte[] updated = StringOps.setRange(current, offset, patch, ctx.server().maxBulkLength());
		if (current == null) {
			db.put(key, updated, 0);
		}
		else {
			db.putKeepTtl(key, updated);
		}
		db.encodingHint(key, StringEncoding.RAW);
		ctx.reply().integer(updated.length);
	}

	private void incrBy(CommandContext ctx, long delta) {
		ctx.reply().integer(ctx.db().incrementBy(ctx.key(1), delta));
	}

	private void incrbyfloat(CommandContext ctx) {
		byte[] increment = ctx.arg(2);
		ctx.reply().bulk(ctx.db().updateString(ctx.key(1), current -> StringOps.incrByFloat(current, increment)));
		ctx.db().encodingHint(ctx.key(1), StringEncoding.NOT_INT);
	}

	private void lcs(CommandContext ctx) {
		Db db = ctx.db();
		Object a = db.read(ctx.key(1));
		Object b = db.read(ctx.key(2));
		if ((a != null && !(a instanceof byte[])) || (b != null && !(b instanceof byte[]))) {
			throw new CommandException("ERR The specified keys must contain string values");
		}
		boolean len = false;
		boolean idx = false;
		boolean withMatchLen = false;
		long minMatchLen = 0;
		for (int i = 3; i < ctx.argc(); i++) {
			if (ctx.is(i, "IDX")) {
				idx = true;
			}
			else if (ctx.is(i, "LEN")) {
				len = true;
			}
			else if (ctx.is(i, "WITHMATCHLEN")) {
				withMatchLen = true;
			}
			else if (ctx.is(i, "MINMATCHLEN") && i + 1 < ctx.argc()) {
				minMatchLen = Math.max(0, ctx.longArg(++i));
			}
			else {
				throw CommandException.syntax();
			}
		}
		if (len && idx) {
			throw new CommandException("ERR If you want both the length and indexes, please just use IDX.");
		}
		LcsResult result = StringOps.lcs((a != null) ? (byte[]) a : new byte[0], (b != null) ? (byte[]) b : new byte[0],
				minMatchLen, ctx.server().maxBulkLength());
		Reply reply = ctx.reply();
		if (len) {
			reply.integer(result.length());
		}
		else if (!idx) {
			reply.bulk(result.subsequence());
		}
		else {
			reply.map(2);
			reply.bulk("matches");
			reply.array(result.matches().size());
			for (long[] m : result.matches()) {
				reply.array(withMatchLen ? 3 : 2);
				reply.array(2);
				reply.integer(m[0]);
				reply.integer(m[1]);
				reply.array(2);
				reply.integer(m[2]);
				reply.integer(m[3]);
				if (withMatchLen) {
					reply.integer(m[4]);
				}
			}
			reply.bulk("len");
			reply.integer(result.length());
		}
	}

}
