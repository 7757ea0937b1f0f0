package io.cachalot.server.command;

/**
 * The shared shape of LMPOP / BLMPOP / ZMPOP / BZMPOP: {@code numkeys key [key ...] <where>
 * [COUNT count]}, parsed with Redis's errors. {@code where} is one of two words (LEFT/RIGHT,
 * MIN/MAX); {@link #first} is true for the first of them.
 */
public record MultiPopArguments(int firstKey, int keyCount, boolean first, long count) {

	public static MultiPopArguments parse(CommandContext ctx, int numKeysIndex, String firstWord, String secondWord) {
		long numKeys = positive(ctx, numKeysIndex, "ERR numkeys should be greater than 0");
		int firstKey = numKeysIndex + 1;
		if (numKeys > ctx.argc() - firstKey - 1) {
			throw CommandException.syntax();
		}
		int whereIndex = firstKey + (int) numKeys;
		boolean first;
		if (ctx.is(whereIndex, firstWord)) {
			first = true;
		}
		else if (ctx.is(whereIndex, secondWord)) {
			first = false;
		}
		else {
			throw CommandException.syntax();
		}
		long count = 1;
		if (ctx.argc() > whereIndex + 1) {
			if (ctx.argc() == whereIndex + 3 && ctx.is(whereIndex + 1, "COUNT")) {
				count = positive(ctx, whereIndex + 2, "ERR count should be greater than 0");
			}
			else {
				throw CommandException.syntax();
			}
		}
		return new MultiPopArguments(firstKey, (int) numKeys, first, count);
	}

	/** A strictly positive integer argument, or {@code error} (for non-integers too). */
	public static long positive(CommandContext ctx, int i, String error) {
		try {
			long n = ctx.args().longValue(i);
			if (n > 0) {
				return n;
			}
		}
		catch (NumberFormatException ex) {
			// same reply as a non-positive value
		}
		throw new CommandException(error);
	}

}
