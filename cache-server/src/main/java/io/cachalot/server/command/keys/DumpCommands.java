package io.cachalot.server.command.keys;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.store.CommandClock;
import io.cachalot.server.store.Db;
import io.cachalot.server.store.rdb.ValueCodec;

/**
 * DUMP and RESTORE: a key's value in Redis's serialization format ({@link ValueCodec}), so
 * values move between Cachalot and Redis — migration tools, {@code redis-cli --pipe} scripts
 * made from DUMP output, and Redis's own RESTORE of a Cachalot DUMP.
 */
public final class DumpCommands implements CommandFamily {

	@Override
	public void register(Binder b) {
		b.handle("dump", this::dump);
		b.handle("restore", this::restore);
	}

	private void dump(CommandContext ctx) {
		Object value = ctx.db().peekForRead(ctx.key(1));
		if (value == null) {
			ctx.reply().nullBulk();
			return;
		}
		try {
			ctx.reply().bulk(ValueCodec.dump(value));
		}
		catch (IllegalArgumentException ex) {
			throw new CommandException("ERR " + ex.getMessage());
		}
	}

	/** RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]. */
	private void restore(CommandContext ctx) {
		boolean replace = false;
		boolean absolute = false;
		long idle = -1;
		int freq = -1;
		for (int i = 4; i < ctx.argc(); i++) {
			boolean more = i + 1 < ctx.argc();
			if (ctx.is(i, "REPLACE")) {
				replace = true;
			}
			else if (ctx.is(i, "ABSTTL")) {
				absolute = true;
			}
			else if (ctx.is(i, "IDLETIME") && more && freq < 0) {
				idle = ctx.longArg(++i);
				if (idle < 0) {
					throw new CommandException("ERR Invalid IDLETIME value, must be >= 0");
				}
			}
			else if (ctx.is(i, "FREQ") && more && idle < 0) {
				long f = ctx.longArg(++i);
				if (f < 0 || f > 255) {
					throw new CommandException("ERR Invalid FREQ value, must be >= 0 and <= 255");
				}
				freq = (int) f;
			}
			else {
				throw CommandException.syntax();
			}
		}
		long ttl = ctx.longArg(2);
		if (ttl < 0) {
			throw new CommandException("ERR Invalid TTL value, must be >= 0");
		}
		Db db = ctx.db();
		byte[] key = ctx.key(1);
		if (!replace && db.exists(key)) {
			throw new CommandException("BUSYKEY Target key name already exists.");
		}
		Object value;
		try {
			value = ValueCodec.restore(ctx.arg(3), ctx.server().encodingLimits());
		}
		catch (ValueCodec.FormatException ex) {
			throw new CommandException(ex.checksum() ? "ERR DUMP payload version or checksum are wrong"
					: "ERR Bad data format");
		}
		long now = CommandClock.now();
		long expireAt = (ttl == 0) ? 0 : (absolute ? ttl : now + ttl);
		if (expireAt != 0 && expireAt <= now) {
			// already expired: nothing is created, and a replaced key is gone
			db.delete(key);
			ctx.reply().ok();
			return;
		}
		db.put(key, value, expireAt);
		db.restoreAccess(key, idle, freq);
		ctx.reply().ok();
	}

}
