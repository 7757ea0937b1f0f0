package io.cachalot.server.command.zset;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.command.RandomSelection;
import io.cachalot.server.command.ScanArguments;
import io.cachalot.server.command.zset.ZRangeQuery.Kind;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.store.Db;
import io.cachalot.server.store.type.ZSetValue;
import io.cachalot.server.store.type.ZSetValue.Entry;
import io.cachalot.server.util.Doubles;
import io.cachalot.server.util.Numbers;

/** Sorted-set commands: parse arguments, call {@link ZSetValue} through the store, reply. */
public final class ZSetCommands implements CommandFamily {

	@Override
	public void register(Binder b) {
		b.handle("zadd", this::zadd);
		b.handle("zincrby", this::zincrby);
		b.handle("zrem", ctx -> ctx.reply().integer(ctx.db().update(ctx.key(1), ZSetValue.class, null, z -> {
			long removed = 0;
			for (int i = 2; z != null && i < ctx.argc(); i++) {
				removed += z.remove(ctx.arg(i)) ? 1 : 0;
			}
			return removed;
		})));
		b.handle("zcard", ctx -> {
			ZSetValue z = read(ctx);
			ctx.reply().integer((z != null) ? z.size() : 0);
		});
		b.handle("zscore", ctx -> {
			ZSetValue z = read(ctx);
			score(ctx.reply(), (z != null) ? z.score(ctx.arg(2)) : null);
		});
		b.handle("zmscore", ctx -> {
			ZSetValue z = read(ctx);
			ctx.reply().array(ctx.argc() - 2);
			for (int i = 2; i < ctx.argc(); i++) {
				score(ctx.reply(), (z != null) ? z.score(ctx.arg(i)) : null);
			}
		});
		b.handle("zrank", ctx -> rank(ctx, false));
		b.handle("zrevrank", ctx -> rank(ctx, true));
		b.handle("zcount", ctx -> {
			var range = ZRangeQuery.scoreRange(ctx.arg(2), ctx.arg(3));
			ZSetValue z = read(ctx);
			ctx.reply().integer((z != null) ? z.countByScore(range) : 0);
		});
		b.handle("zlexcount", ctx -> {
			var range = ZRangeQuery.lexRange(ctx.arg(2), ctx.arg(3));
			ZSetValue z = read(ctx);
			ctx.reply().integer((z != null) ? z.countByLex(range) : 0);
		});
		b.handle("zrange", ctx -> range(ctx, ZRangeQuery.parse(ctx, 2, 4, Kind.RANK, false, true)));
		b.handle("zrevrange", ctx -> range(ctx, ZRangeQuery.parse(ctx, 2, 4, Kind.RANK, true, false)));
		b.handle("zrangebyscore", ctx -> range(ctx, ZRangeQuery.parse(ctx, 2, 4, Kind.SCORE, false, false)));
		b.handle("zrevrangebyscore", ctx -> range(ctx, ZRangeQuery.parse(ctx, 2, 4, Kind.SCORE, true, false)));
		b.handle("zrangebylex", ctx -> range(ctx, ZRangeQuery.parse(ctx, 2, 4, Kind.LEX, false, false)));
		b.handle("zrevrangebylex", ctx -> range(ctx, ZRangeQuery.parse(ctx, 2, 4, Kind.LEX, true, false)));
		b.handle("zrangestore", this::zrangestore);
		b.handle("zremrangebyrank", ctx -> removeRange(ctx, Kind.RANK));
		b.handle("zremrangebyscore", ctx -> removeRange(ctx, Kind.SCORE));
		b.handle("zremrangebylex", ctx -> removeRange(ctx, Kind.LEX));
		b.handle("zpopmin", ctx -> pop(ctx, false));
		b.handle("zpopmax", ctx -> pop(ctx, true));
		b.handle("zrandmember", this::zrandmember);
		b.handle("zscan", this::zscan);
	}

	private static ZSetValue read(CommandContext ctx) {
		return ctx.db().readTyped(ctx.key(1), ZSetValue.class);
	}

	private static void score(Reply reply, Double score) {
		if (score == null) {
			reply.nullBulk();
		}
		else {
			reply.doubleValue(score);
		}
	}

	private static double parseScore(CommandContext ctx, int i) {
		double d = ctx.doubleArg(i);
		if (Double.isNaN(d)) {
			throw new CommandException(CommandException.NOT_FLOAT);
		}
		return d;
	}

	private void zadd(CommandContext ctx) {
		boolean nx = false;
		boolean xx = false;
		boolean gt = false;
		boolean lt = false;
		boolean ch = false;
		boolean incr = false;
		int i = 2;
		for (; i < ctx.argc(); i++) {
			if (ctx.is(i, "NX")) {
				nx = true;
			}
			else if (ctx.is(i, "XX")) {
				xx = true;
			}
			else if (ctx.is(i, "GT")) {
				gt = true;
			}
			else if (ctx.is(i, "LT")) {
				lt = true;
			}
			else if (ctx.is(i, "CH")) {
				ch = true;
			}
			else if (ctx.is(i, "INCR")) {
				incr = true;
			}
			else {
				break;
			}
		}
		int pairs = ctx.argc() - i;
		if (pairs == 0 || pairs % 2 != 0) {
			throw CommandException.syntax();
		}
		if (nx && xx) {
			throw new CommandException("ERR XX and NX options at the same time are not compatible");
		}
		if ((gt && nx) || (lt && nx) || (gt && lt)) {
			throw new CommandException("ERR GT, LT, and/or NX options at the same time are not compatible");
		}
		if (incr && pairs > 2) {
			throw new CommandException("ERR INCR option supports a single increment-element pair");
		}
		double[] scores = new double[pairs / 2];
		for (int p = 0; p < scores.length; p++) {
			scores[p] = parseScore(ctx, i + p * 2);
		}
		int first = i;
		boolean fNx = nx;
		boolean fXx = xx;
		boolean fGt = gt;
		boolean fLt = lt;
		boolean fIncr = incr;
		Object[] incrResult = new Object[1];
		long[] counts = new long[2];
		ctx.db().update(ctx.key(1), ZSetValue.class, fXx ? null : () -> new ZSetValue(ctx.server().encodingLimits()), z -> {
			if (z == null) {
				return null;
			}
			for (int p = 0; p < scores.length; p++) {
				byte[] member = ctx.arg(first + p * 2 + 1);
				Double current = z.score(member);
				double score = scores[p];
				if (current != null) {
					if (fNx) {
						continue;
					}
					if (fIncr) {
						score = current + score;
						if (Double.isNaN(score)) {
							throw new CommandException("ERR resulting score is not a number (NaN)");
						}
					}
					if ((fGt && score <= current) || (fLt && score >= current)) {
						continue;
					}
					if (score != current) {
						z.put(member, score);
						counts[1]++;
					}
					incrResult[0] = score;
				}
				else {
					if (fXx) {
						continue;
					}
					z.put(member, score);
					counts[0]++;
					incrResult[0] = score;
				}
			}
			return null;
		});
		if (incr) {
			score(ctx.reply(), (Double) incrResult[0]);
		}
		else {
			ctx.reply().integer(ch ? counts[0] + counts[1] : counts[0]);
		}
	}

	private void zincrby(CommandContext ctx) {
		double increment = parseScore(ctx, 2);
		byte[] member = ctx.arg(3);
		double result = ctx.db().update(ctx.key(1), ZSetValue.class, () -> new ZSetValue(ctx.server().encodingLimits()), z -> {
			Double current = z.score(member);
			double score = (current == null) ? increment : current + increment;
			if (Double.isNaN(score)) {
				throw new CommandException("ERR resulting score is not a number (NaN)");
			}
			z.put(member, score);
			return score;
		});
		ctx.reply().doubleValue(result);
	}

	private void rank(CommandContext ctx, boolean reverse) {
		ZSetValue z = read(ctx);
		long r = (z != null) ? z.rank(ctx.arg(2), reverse) : -1;
		if (r < 0) {
			ctx.reply().nullBulk();
		}
		else {
			ctx.reply().integer(r);
		}
	}

	private void range(CommandContext ctx, ZRangeQuery query) {
		query.validated();
		reply(ctx.reply(), query.run(read(ctx)), query.withScores());
	}

	/** Entries as Redis replies them: members, or member/score pairs (flat in RESP2, nested in RESP3). */
	private static void reply(Reply reply, List<Entry> entries, boolean withScores) {
		if (!withScores) {
			reply.array(entries.size());
			entries.forEach(e -> reply.bulk(e.member()));
			return;
		}
		if (reply.protocol() == 3) {
			reply.array(entries.size());
			for (Entry e : entries) {
				reply.array(2);
				reply.bulk(e.member());
				reply.doubleValue(e.score());
			}
			return;
		}
		reply.array(entries.size() * 2);
		for (Entry e : entries) {
			reply.bulk(e.member());
			reply.doubleValue(e.score());
		}
	}

	private void zrangestore(CommandContext ctx) {
		ZRangeQuery query = ZRangeQuery.parse(ctx, 3, 5, Kind.RANK, false, true);
		if (query.withScores()) {
			throw CommandException.syntax();
		}
		query.validated();
		Db db = ctx.db();
		List<Entry> entries = query.run(db.readTyped(ctx.key(2), ZSetValue.class));
		byte[] destination = ctx.key(1);
		db.delete(destination);
		if (!entries.isEmpty()) {
			ZSetValue result = new ZSetValue(ctx.server().encodingLimits());
			entries.forEach(e -> result.put(e.member(), e.score()));
			db.put(destination, result, 0);
		}
		ctx.reply().integer(entries.size());
	}

	private void removeRange(CommandContext ctx, Kind kind) {
		ZRangeQuery query = new ZRangeQuery(kind, ctx.arg(2), ctx.arg(3), false, 0, -1, false).validated();
		long removed = ctx.db().update(ctx.key(1), ZSetValue.class, null, z -> (z == null) ? 0L : z.removeAll(query.run(z)));
		ctx.reply().integer(removed);
	}

	private void pop(CommandContext ctx, boolean max) {
		if (ctx.argc() > 3) {
			throw CommandException.syntax();
		}
		long count = 1;
		if (ctx.argc() == 3) {
			try {
				count = ctx.args().longValue(2);
			}
			catch (NumberFormatException ex) {
				count = -1;
			}
			if (count < 0) {
				throw new CommandException("ERR value is out of range, must be positive");
			}
		}
		long wanted = count;
		List<Entry> popped = ctx.db().update(ctx.key(1), ZSetValue.class, null,
				z -> (z == null) ? List.<Entry>of() : z.pop(wanted, max));
		if (ctx.argc() == 2) {
			// without a count the reply is one flat pair, in RESP3 too
			ctx.reply().array(popped.size() * 2);
			for (Entry e : popped) {
				ctx.reply().bulk(e.member());
				ctx.reply().doubleValue(e.score());
			}
			return;
		}
		reply(ctx.reply(), popped, true);
	}

	private void zrandmember(CommandContext ctx) {
		Reply reply = ctx.reply();
		if (ctx.argc() == 2) {
			ZSetValue z = read(ctx);
			reply.bulk((z != null) ? z.randomEntry(ThreadLocalRandom.current()).member() : null);
			return;
		}
		long count = ctx.longArg(2);
		boolean withScores = false;
		if (ctx.argc() == 4) {
			if (!ctx.is(3, "WITHSCORES")) {
				throw CommandException.syntax();
			}
			withScores = true;
		}
		else if (ctx.argc() > 4) {
			throw CommandException.syntax();
		}
		if (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2) {
			throw new CommandException("ERR value is out of range");
		}
		ZSetValue z = read(ctx);
		List<Entry> picked = (z == null) ? List.of() : RandomSelection.pick(count, z::entries, z::randomEntry);
		reply(reply, picked, withScores);
	}

	private void zscan(CommandContext ctx) {
		ScanArguments scan = ScanArguments.parse(ctx, 2, 3, false);
		ZSetValue z = read(ctx);
		List<byte[]> out = new ArrayList<>();
		long next = (z == null) ? 0 : z.scan(scan.cursor(), scan.count(), (member, score) -> {
			if (scan.matches(member)) {
				out.add(member);
				out.add(Doubles.format17g(score).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			}
		});
		Reply reply = ctx.reply();
		reply.array(2);
		reply.bulk(Long.toUnsignedString(next).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		reply.array(out.size());
		out.forEach(reply::bulk);
	}

}
