package io.cachalot.server.command.hll;

import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.store.Db;
import io.cachalot.server.store.WrongTypeException;
import io.cachalot.server.store.type.HyperLogLog;
import io.cachalot.server.store.type.HyperLogLog.Sketch;

/** PFADD, PFCOUNT and PFMERGE over HyperLogLog strings (see {@link HyperLogLog}). */
public final class HyperLogLogCommands implements CommandFamily {

	private static final String NOT_HLL = "WRONGTYPE Key is not a valid HyperLogLog string value.";

	private static final String CORRUPTED = "INVALIDOBJ Corrupted HLL object detected";

	@Override
	public void register(Binder b) {
		b.handle("pfadd", this::pfadd);
		b.handle("pfcount", this::pfcount);
		b.handle("pfmerge", this::pfmerge);
	}

	private static byte[] asHll(Object value) {
		if (!(value instanceof byte[] s)) {
			throw WrongTypeException.INSTANCE;
		}
		if (!HyperLogLog.isValid(s)) {
			throw new CommandException(NOT_HLL);
		}
		return s;
	}

	private static int sparseMaxBytes(CommandContext ctx) {
		return ctx.server().config().getInt("hll-sparse-max-bytes");
	}

	private void pfadd(CommandContext ctx) {
		Db db = ctx.db();
		byte[] key = ctx.key(1);
		Object current = db.readForWrite(key);
		boolean created = current == null;
		byte[] hll = created ? HyperLogLog.create() : asHll(current);
		Sketch sketch = new Sketch(hll, sparseMaxBytes(ctx));
		int updated = created ? 1 : 0;
		for (int i = 2; i < ctx.argc(); i++) {
			int r = sketch.add(ctx.arg(i));
			if (r < 0) {
				throw new CommandException(CORRUPTED);
			}
			updated += r;
		}
		if (updated > 0) {
			sketch.invalidate();
			if (created) {
				db.put(key, sketch.toBytes(), 0);
			}
			else {
				db.putKeepTtl(key, sketch.toBytes());
			}
		}
		ctx.reply().integer((updated > 0) ? 1 : 0);
	}

	private void pfcount(CommandContext ctx) {
		Db db = ctx.db();
		if (ctx.argc() == 2) {
			byte[] key = ctx.key(1);
			Object value = db.read(key);
			if (value == null) {
				ctx.reply().integer(0);
				return;
			}
			byte[][] updated = new byte[1][];
			long count = HyperLogLog.count(asHll(value), updated);
			if (updated[0] != null) {
				// PFCOUNT caches the cardinality in the string, as Redis does
				db.putKeepTtl(key, updated[0]);
			}
			ctx.reply().integer(count);
			return;
		}
		List<byte[]> hlls = new ArrayList<>();
		for (int i = 1; i < ctx.argc(); i++) {
			Object value = db.read(ctx.key(i));
			if (value != null) {
				hlls.add(asHll(value));
			}
		}
		ctx.reply().integer(HyperLogLog.countUnion(hlls));
	}

	private void pfmerge(CommandContext ctx) {
		Db db = ctx.db();
		List<byte[]> sources = new ArrayList<>();
		for (int i = 1; i < ctx.argc(); i++) {
			Object value = db.read(ctx.key(i));
			if (value != null) {
				sources.add(asHll(value));
			}
		}
		boolean[] anyDense = new boolean[1];
		int[] max = HyperLogLog.maxRegisters(sources, anyDense);
		byte[] destination = ctx.key(1);
		Object current = db.readForWrite(destination);
		boolean created = current == null;
		Sketch sketch = new Sketch(created ? HyperLogLog.create() : (byte[]) current, sparseMaxBytes(ctx));
		if (anyDense[0]) {
			sketch.toDense();
		}
		for (int j = 0; j < max.length; j++) {
			if (max[j] != 0) {
				sketch.set(j, max[j]);
			}
		}
		sketch.invalidate();
		if (created) {
			db.put(destination, sketch.toBytes(), 0);
		}
		else {
			db.putKeepTtl(destination, sketch.toBytes());
		}
		ctx.reply().ok();
	}

}
