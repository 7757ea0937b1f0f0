package io.cachalot.server.command.zset;

import java.util.Arrays;
import java.util.List;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.store.type.ZSetValue;
import io.cachalot.server.store.type.ZSetValue.Entry;
import io.cachalot.server.store.type.ZSetValue.LexRange;
import io.cachalot.server.store.type.ZSetValue.ScoreRange;
import io.cachalot.server.util.Numbers;

/**
 * One range query of ZRANGE and its older forms: by rank, score or lex, forward or
 * reversed, with LIMIT; parsed with Redis's rules and errors, run against a sorted set.
 */
record ZRangeQuery(Kind kind, byte[] start, byte[] stop, boolean reverse, long offset, long limit,
		boolean withScores) {

	enum Kind {

		RANK, SCORE, LEX

	}

	/**
	 * Parses ZRANGE-style options after {@code start stop} at {@code from}; {@code kind} and
	 * {@code reverse} preset by the older command forms.
	 */
	static ZRangeQuery parse(CommandContext ctx, int startIndex, int from, Kind presetKind, boolean presetReverse,
			boolean allowKindAndRev) {
		Kind kind = presetKind;
		boolean reverse = presetReverse;
		long offset = 0;
		long limit = -1;
		boolean limitGiven = false;
		boolean withScores = false;
		for (int i = from; i < ctx.argc(); i++) {
			if (ctx.is(i, "WITHSCORES")) {
				withScores = true;
			}
			else if (ctx.is(i, "LIMIT") && i + 2 < ctx.argc()) {
				offset = ctx.longArg(i + 1);
				limit = ctx.longArg(i + 2);
				limitGiven = true;
				i += 2;
			}
			else if (allowKindAndRev && ctx.is(i, "BYSCORE")) {
				kind = Kind.SCORE;
			}
			else if (allowKindAndRev && ctx.is(i, "BYLEX")) {
				kind = Kind.LEX;
			}
			else if (allowKindAndRev && ctx.is(i, "REV")) {
				reverse = true;
			}
			else {
				throw CommandException.syntax();
			}
		}
		if (limitGiven && kind == Kind.RANK) {
			throw new CommandException("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
		}
		if (withScores && kind == Kind.LEX) {
			throw new CommandException("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
		}
		byte[] start = ctx.arg(startIndex);
		byte[] stop = ctx.arg(startIndex + 1);
		if (reverse && kind != Kind.RANK) {
			// the by-score and by-lex reversed forms take max first
			byte[] t = start;
			start = stop;
			stop = t;
		}
		return new ZRangeQuery(kind, start, stop, reverse, offset, limit, withScores);
	}

	/** Validates the bounds before any key is read, as Redis does. */
	ZRangeQuery validated() {
		switch (this.kind) {
			case RANK -> {
				rankBound(this.start);
				rankBound(this.stop);
			}
			case SCORE -> scoreRange(this.start, this.stop);
			case LEX -> lexRange(this.start, this.stop);
		}
		return this;
	}

	List<Entry> run(ZSetValue z) {
		if (z == null) {
			return List.of();
		}
		return switch (this.kind) {
			case RANK -> z.rangeByRank(rankBound(this.start), rankBound(this.stop), this.reverse);
			case SCORE -> z.rangeByScore(scoreRange(this.start, this.stop), this.reverse, this.offset, this.limit);
			case LEX -> z.rangeByLex(lexRange(this.start, this.stop), this.reverse, this.offset, this.limit);
		};
	}

	private static long rankBound(byte[] b) {
		try {
			return Numbers.parseLong(b);
		}
		catch (NumberFormatException ex) {
			throw CommandException.notInteger();
		}
	}

	static ScoreRange scoreRange(byte[] min, byte[] max) {
		boolean minEx = min.length > 0 && min[0] == '(';
		boolean maxEx = max.length > 0 && max[0] == '(';
		return new ScoreRange(scoreBound(minEx ? Arrays.copyOfRange(min, 1, min.length) : min), minEx,
				scoreBound(maxEx ? Arrays.copyOfRange(max, 1, max.length) : max), maxEx);
	}

	private static double scoreBound(byte[] b) {
		try {
			double d = Numbers.parseDouble(b);
			if (Double.isNaN(d)) {
				throw new NumberFormatException();
			}
			return d;
		}
		catch (NumberFormatException ex) {
			throw new CommandException("ERR min or max is not a float");
		}
	}

	static LexRange lexRange(byte[] min, byte[] max) {
		int minKind = lexKind(min);
		int maxKind = lexKind(max);
		return new LexRange(minKind, (minKind == 0) ? Arrays.copyOfRange(min, 1, min.length) : null,
				minKind == 0 && min[0] == '(', maxKind, (maxKind == 0) ? Arrays.copyOfRange(max, 1, max.length) : null,
				maxKind == 0 && max[0] == '(');
	}

	/** -1 for "-", 1 for "+", 0 for "[value" or "(value"; Redis's error otherwise. */
	private static int lexKind(byte[] b) {
		if (b.length == 1 && b[0] == '-') {
			return -1;
		}
		if (b.length == 1 && b[0] == '+') {
			return 1;
		}
		if (b.length == 0 || (b[0] != '[' && b[0] != '(')) {
			throw new CommandException("ERR min or max not valid string range item");
		}
		return 0;
	}

}
