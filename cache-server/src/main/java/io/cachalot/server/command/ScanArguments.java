package io.cachalot.server.command;

import io.cachalot.server.store.ValueType;
import io.cachalot.server.util.Glob;

/** The shared arguments of SCAN, HSCAN, SSCAN and ZSCAN: cursor, MATCH, COUNT (and TYPE for SCAN). */
public record ScanArguments(long cursor, int count, byte[] pattern, ValueType type, boolean typeGiven) {

	/**
	 * Parses the cursor at {@code cursorIndex} and the options from {@code optionsFrom};
	 * TYPE is accepted only when {@code allowType}.
	 */
	public static ScanArguments parse(CommandContext ctx, int cursorIndex, int optionsFrom, boolean allowType) {
		long cursor = parseCursor(ctx, cursorIndex);
		int count = 10;
		byte[] pattern = null;
		ValueType type = null;
		boolean typeGiven = false;
		for (int i = optionsFrom; i < ctx.argc(); i++) {
			if (ctx.is(i, "COUNT") && i + 1 < ctx.argc()) {
				long n = ctx.longArg(++i);
				if (n < 1) {
					throw CommandException.syntax();
				}
				count = (int) Math.min(n, Integer.MAX_VALUE);
			}
			else if (ctx.is(i, "MATCH") && i + 1 < ctx.argc()) {
				pattern = ctx.arg(++i);
			}
			else if (allowType && ctx.is(i, "TYPE") && i + 1 < ctx.argc()) {
				type = ValueType.byName(ctx.string(++i));
				typeGiven = true;
			}
			else {
				throw CommandException.syntax();
			}
		}
		return new ScanArguments(cursor, count, pattern, type, typeGiven);
	}

	/** A SCAN cursor: an unsigned 64-bit decimal. */
	static long parseCursor(CommandContext ctx, int i) {
		try {
			String s = ctx.string(i);
			if (s.isEmpty() || s.charAt(0) == '+' || s.charAt(0) == '-') {
				throw new NumberFormatException();
			}
			return Long.parseUnsignedLong(s);
		}
		catch (NumberFormatException ex) {
			throw new CommandException("ERR invalid cursor");
		}
	}

	/** Whether {@code element} passes MATCH (always, without one). */
	public boolean matches(byte[] element) {
		return this.pattern == null || (this.pattern.length == 1 && this.pattern[0] == '*')
				|| Glob.matches(this.pattern, element, false);
	}

}
