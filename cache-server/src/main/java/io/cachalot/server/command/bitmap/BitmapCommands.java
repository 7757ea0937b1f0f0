package io.cachalot.server.command.bitmap;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.store.Db;
import io.cachalot.server.store.type.BitOps;
import io.cachalot.server.store.type.BitOps.Overflow;
import io.cachalot.server.store.type.StringEncoding;

/** Bitmap commands over string values: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD(_RO). */
public final class BitmapCommands implements CommandFamily {

	private static final String BAD_OFFSET = "ERR bit offset is not an integer or out of range";

	@Override
	public void register(Binder b) {
		b.handle("setbit", this::setbit);
		b.handle("getbit", ctx -> {
			long offset = offset(ctx, ctx.arg(2), 1);
			ctx.reply().integer(BitOps.getBit(ctx.db().getString(ctx.key(1)), offset));
		});
		b.handle("bitcount", this::bitcount);
		b.handle("bitpos", this::bitpos);
		b.handle("bitop", this::bitop);
		b.handle("bitfield", ctx -> bitfield(ctx, false));
		b.handle("bitfield_ro", ctx -> bitfield(ctx, true));
	}

	/** A bit offset ("#n" multiplies by {@code unit}, for BITFIELD), within proto-max-bulk-len. */
	private static long offset(CommandContext ctx, byte[] text, int unit) {
		boolean hash = unit > 1 && text.length > 0 && text[0] == '#';
		long n;
		try {
			n = io.cachalot.server.util.Numbers.parseLong(text, hash ? 1 : 0, text.length - (hash ? 1 : 0));
		}
		catch (NumberFormatException ex) {
			throw new CommandException(BAD_OFFSET);
		}
		if (hash) {
			n = (n > Long.MAX_VALUE / unit) ? -1 : n * unit;
		}
		if (n < 0 || (n >>> 3) >= ctx.server().maxBulkLength()) {
			throw new CommandException(BAD_OFFSET);
		}
		return n;
	}

	private void setbit(CommandContext ctx) {
		long offset = offset(ctx, ctx.arg(2), 1);
		int bit;
		if (ctx.is(3, "1")) {
			bit = 1;
		}
		else if (ctx.is(3, "0")) {
			bit = 0;
		}
		else {
			throw new CommandException("ERR bit is not an integer or out of range");
		}
		int[] old = new int[1];
		Db db = ctx.db();
		db.updateString(ctx.key(1), current -> {
			old[0] = BitOps.getBit(current, offset);
			return BitOps.setBit(current, offset, bit);
		});
		db.encodingHint(ctx.key(1), StringEncoding.RAW);
		ctx.reply().integer(old[0]);
	}

	private void bitcount(CommandContext ctx) {
		byte[] value = ctx.db().getString(ctx.key(1));
		if (value == null) {
			ctx.reply().integer(0);
			return;
		}
		if (ctx.argc() == 2) {
			ctx.reply().integer(BitOps.count(value, 0, -1, false));
			return;
		}
		if (ctx.argc() != 4 && ctx.argc() != 5) {
			throw CommandException.syntax();
		}
		long start = ctx.longArg(2);
		long end = ctx.longArg(3);
		ctx.reply().integer(BitOps.count(value, start, end, unitIsBit(ctx, 4)));
	}

	private static boolean unitIsBit(CommandContext ctx, int i) {
		if (ctx.argc() <= i) {
			return false;
		}
		if (ctx.is(i, "BIT")) {
			return true;
		}
		if (ctx.is(i, "BYTE")) {
			return false;
		}
		throw CommandException.syntax();
	}

	private void bitpos(CommandContext ctx) {
		int bit;
		if (ctx.is(2, "1")) {
			bit = 1;
		}
		else if (ctx.is(2, "0")) {
			bit = 0;
		}
		else {
			throw new CommandException("ERR The bit argument must be 1 or 0.");
		}
		byte[] value = ctx.db().getString(ctx.key(1));
		if (value == null) {
			ctx.reply().integer((bit == 1) ? -1 : 0);
			return;
		}
		if (ctx.argc() > 6) {
			throw CommandException.syntax();
		}
		long start = (ctx.argc() >= 4) ? ctx.longArg(3) : 0;
		boolean endGiven = ctx.argc() >= 5;
		long end = endGiven ? ctx.longArg(4) : -1;
		boolean bitUnits = unitIsBit(ctx, 5);
		ctx.reply().integer(BitOps.position(value, bit, start, end, endGiven, bitUnits));
	}

	private void bitop(CommandContext ctx) {
		String op = ctx.string(1).toUpperCase();
		if (!op.equals("AND") && !op.equals("OR") && !op.equals("XOR") && !op.equals("NOT")) {
			throw CommandException.syntax();
		}
		if (op.equals("NOT") && ctx.argc() != 4) {
			throw new CommandException("ERR BITOP NOT must be called with a single source key.");
		}
		Db db = ctx.db();
		byte[][] sources = new byte[ctx.argc() - 3][];
		for (int i = 3; i < ctx.argc(); i++) {
			sources[i - 3] = db.getString(ctx.key(i));
		}
		if (op.equals("NOT") && sources[0] == null) {
			sources[0] = new byte[0];
		}
		byte[] result = BitOps.combine(op, sources);
		byte[] destination = ctx.key(2);
		if (result.length == 0) {
			db.delete(destination);
		}
		else {
			db.put(destination, result, 0);
			db.encodingHint(destination, StringEncoding.RAW);
		}
		ctx.reply().integer(result.length);
	}

	private record Op(char kind, boolean signed, int bits, long offset, long value, Overflow overflow) {
	}

	private void bitfield(CommandContext ctx, boolean readOnly) {
		List<Op> ops = new ArrayList<>();
		Overflow overflow = Overflow.WRAP;
		boolean writes = false;
		for (int i = 2; i < ctx.argc();) {
			if (ctx.is(i, "OVERFLOW") && i + 1 < ctx.argc()) {
				String o = ctx.string(i + 1).toUpperCase();
				try {
					overflow = Overflow.valueOf(o);
				}
				catch (IllegalArgumentException ex) {
					throw new CommandException("ERR Invalid OVERFLOW type specified");
				}
				i += 2;
				continue;
			}
			char kind;
			int argsNeeded;
			if (ctx.is(i, "GET")) {
				kind = 'G';
				argsNeeded = 2;
			}
			else if (ctx.is(i, "SET")) {
				kind = 'S';
				argsNeeded = 3;
			}
			else if (ctx.is(i, "INCRBY")) {
				kind = 'I';
				argsNeeded = 3;
			}
			else {
				throw CommandException.syntax();
			}
			if (i + argsNeeded >= ctx.argc()) {
				throw CommandException.syntax();
			}
			String type = ctx.string(i + 1);
			boolean signed;
			int bits;
			try {
				signed = type.charAt(0) == 'i' || type.charAt(0) == 'I';
				if (!signed && type.charAt(0) != 'u' && type.charAt(0) != 'U') {
					throw new NumberFormatException();
				}
				bits = Integer.parseInt(type.substring(1));
				if (bits < 1 || (signed && bits > 64) || (!signed && bits > 63)) {
					throw new NumberFormatException();
				}
			}
			catch (RuntimeException ex) {
				throw new CommandException(
						"ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.");
			}
			long offset = offset(ctx, ctx.arg(i + 2), bits);
			long value = (kind != 'G') ? ctx.longArg(i + 3) : 0;
			if (kind != 'G') {
				if (readOnly) {
					throw new CommandException("ERR BITFIELD_RO only supports the GET subcommand");
				}
				writes = true;
			}
			ops.add(new Op(kind, signed, bits, offset, value, overflow));
			i += argsNeeded + 1;
		}
		Db db = ctx.db();
		byte[] key = ctx.key(1);
		List<Long> results = new ArrayList<>();
		if (!writes) {
			byte[] value = db.getString(key);
			for (Op op : ops) {
				results.add(read(value, op));
			}
		}
		else {
			long highestWriteBit = 0;
			for (Op op : ops) {
				if (op.kind() != 'G') {
					highestWriteBit = Math.max(highestWriteBit, op.offset() + op.bits());
				}
			}
			int neededBytes = (int) ((highestWriteBit + 7) >>> 3);
			db.updateString(key, current -> {
				// the string grows to cover every write first, as Redis does, even writes that fail
				byte[] v = java.util.Arrays.copyOf((current != null) ? current : new byte[0],
						Math.max((current != null) ? current.length : 0, neededBytes));
				for (Op op : ops) {
					long old = read(v, op);
					if (op.kind() == 'G') {
						results.add(old);
						continue;
					}
					BigInteger wanted = (op.kind() == 'S') ? BigInteger.valueOf(op.value())
							: BigInteger.valueOf(old).add(BigInteger.valueOf(op.value()));
					Long fitted = BitOps.fit(wanted, op.bits(), op.signed(), op.overflow());
					if (fitted == null) {
						results.add(null);
						continue;
					}
					v = BitOps.setBits(v, op.offset(), op.bits(), fitted);
					results.add((op.kind() == 'S') ? old : fitted);
				}
				return v;
			});
			db.encodingHint(key, StringEncoding.RAW);
		}
		Reply reply = ctx.reply();
		reply.array(results.size());
		for (Long r : results) {
			if (r == null) {
				reply.nullBulk();
			}
			else {
				reply.integer(r);
			}
		}
	}

	private static long read(byte[] value, Op op) {
		if (value == null) {
			return 0;
		}
		return op.signed() ? BitOps.getSigned(value, op.offset(), op.bits()) : BitOps.getUnsigned(value, op.offset(), op.bits());
	}

}
