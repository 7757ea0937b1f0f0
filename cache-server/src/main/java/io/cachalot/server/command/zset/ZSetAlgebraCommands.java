package io.cachalot.server.command.zset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.store.Db;
import io.cachalot.server.store.WrongTypeException;
import io.cachalot.server.store.type.SetValue;
import io.cachalot.server.store.type.TypedValue;
import io.cachalot.server.store.type.ZSetOps;
import io.cachalot.server.store.type.ZSetOps.Aggregate;
import io.cachalot.server.store.type.ZSetValue;
import io.cachalot.server.store.type.ZSetValue.Entry;

/** ZUNION / ZINTER / ZDIFF, their STORE forms and ZINTERCARD. */
public final class ZSetAlgebraCommands implements CommandFamily {

	private enum Op {

		UNION, INTER, DIFF

	}

	/** The parsed {@code numkeys key ... [WEIGHTS ...] [AGGREGATE ...] [WITHSCORES]} part. */
	private record Inputs(List<TypedValue> values, double[] weights, Aggregate aggregate, boolean withScores,
			long limit) {
	}

	@Override
	public void register(Binder b) {
		b.handle("zunion", ctx -> reply(ctx, compute(ctx, Op.UNION, 1, true)));
		b.handle("zinter", ctx -> reply(ctx, compute(ctx, Op.INTER, 1, true)));
		b.handle("zdiff", ctx -> reply(ctx, compute(ctx, Op.DIFF, 1, true)));
		b.handle("zunionstore", ctx -> store(ctx, Op.UNION));
		b.handle("zinterstore", ctx -> store(ctx, Op.INTER));
		b.handle("zdiffstore", ctx -> store(ctx, Op.DIFF));
		b.handle("zintercard", this::zintercard);
	}

	private static Inputs parse(CommandContext ctx, Op op, int numKeysIndex, boolean allowWithScores, boolean cardinality) {
		long numKeys = ctx.longArg(numKeysIndex);
		if (numKeys < 1) {
			throw new CommandException("ERR at least 1 input key is needed for '" + ctx.spec().name() + "' command");
		}
		int first = numKeysIndex + 1;
		if (numKeys > ctx.argc() - first) {
			throw CommandException.syntax();
		}
		int n = (int) numKeys;
		// keys are read and type-checked before the options are parsed, as Redis does
		Db db = ctx.db();
		List<TypedValue> values = new ArrayList<>();
		for (int i = first; i < first + n; i++) {
			Object v = db.read(ctx.key(i));
			if (v != null && !(v instanceof ZSetValue) && !(v instanceof SetValue)) {
				throw WrongTypeException.INSTANCE;
			}
			values.add((TypedValue) v);
		}
		double[] weights = new double[n];
		Arrays.fill(weights, 1.0);
		Aggregate aggregate = Aggregate.SUM;
		boolean withScores = false;
		long limit = 0;
		for (int i = first + n; i < ctx.argc(); i++) {
			if (!cardinality && op != Op.DIFF && ctx.is(i, "WEIGHTS") && i + n < ctx.argc()) {
				for (int w = 0; w < n; w++) {
					try {
						weights[w] = io.cachalot.server.util.Numbers.parseDouble(ctx.arg(i + 1 + w));
					}
					catch (NumberFormatException ex) {
						throw new CommandException("ERR weight value is not a float");
					}
				}
				i += n;
			}
			else if (!cardinality && op != Op.DIFF && ctx.is(i, "AGGREGATE") && i + 1 < ctx.argc()) {
				String a = ctx.string(++i).toUpperCase();
				if (!a.equals("SUM") && !a.equals("MIN") && !a.equals("MAX")) {
					throw CommandException.syntax();
				}
				aggregate = Aggregate.valueOf(a);
			}
			else if (!cardinality && allowWithScores && ctx.is(i, "WITHSCORES")) {
				withScores = true;
			}
			else if (cardinality && ctx.is(i, "LIMIT") && i + 1 < ctx.argc()) {
				limit = ctx.longArg(++i);
				if (limit < 0) {
					throw new CommandException("ERR LIMIT can't be negative");
				}
			}
			else {
				throw CommandException.syntax();
			}
		}
		return new Inputs(values, weights, aggregate, withScores, limit);
	}

	private static Computed compute(CommandContext ctx, Op op, int numKeysIndex, boolean allowWithScores) {
		Inputs in = parse(ctx, op, numKeysIndex, allowWithScores, false);
		ZSetValue result = switch (op) {
			case UNION -> ZSetOps.union(ctx.server().encodingLimits(), in.values(), in.weights(), in.aggregate());
			case INTER -> ZSetOps.intersect(ctx.server().encodingLimits(), in.values(), in.weights(), in.aggregate(), 0);
			case DIFF -> ZSetOps.difference(ctx.server().encodingLimits(), in.values());
		};
		return new Computed(result, in.withScores());
	}

	private record Computed(ZSetValue result, boolean withScores) {
	}

	private static void reply(CommandContext ctx, Computed computed) {
		List<Entry> entries = computed.result().entries();
		Reply reply = ctx.reply();
		if (!computed.withScores()) {
			reply.array(entries.size());
			entries.forEach(e -> reply.bulk(e.member()));
			return;
		}
		boolean nested = reply.protocol() == 3;
		reply.array(nested ? entries.size() : entries.size() * 2);
		for (Entry e : entries) {
			if (nested) {
				reply.array(2);
			}
			reply.bulk(e.member());
			reply.doubleValue(e.score());
		}
	}

	private void store(CommandContext ctx, Op op) {
		ZSetValue result = compute(ctx, op, 2, false).result();
		Db db = ctx.db();
		byte[] destination = ctx.key(1);
		db.delete(destination);
		if (!result.isEmpty()) {
			db.put(destination, result, 0);
		}
		ctx.reply().integer(result.size());
	}

	private void zintercard(CommandContext ctx) {
		Inputs in = parse(ctx, Op.INTER, 1, false, true);
		ctx.reply().integer(ZSetOps.intersect(ctx.server().encodingLimits(), in.values(), in.weights(), Aggregate.SUM, in.limit()).size());
	}

}
