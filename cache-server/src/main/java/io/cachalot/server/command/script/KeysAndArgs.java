package io.cachalot.server.command.script;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;

/** EVAL's and FCALL's {@code numkeys key [key ...] arg [arg ...]}, with Redis's errors. */
record KeysAndArgs(byte[][] keys, byte[][] args) {

	static KeysAndArgs parse(CommandContext ctx) {
		long numKeys;
		try {
			numKeys = ctx.args().longValue(2);
		}
		catch (NumberFormatException ex) {
			throw fcall(ctx) ? new CommandException("ERR Bad number of keys provided") : CommandException.notInteger();
		}
		if (numKeys < 0) {
			throw new CommandException("ERR Number of keys can't be negative");
		}
		if (numKeys > ctx.argc() - 3) {
			throw new CommandException("ERR Number of keys can't be greater than number of args");
		}
		int n = (int) numKeys;
		byte[][] keys = new byte[n][];
		for (int i = 0; i < n; i++) {
			keys[i] = ctx.key(3 + i);
		}
		byte[][] args = new byte[ctx.argc() - 3 - n][];
		for (int i = 0; i < args.length; i++) {
			args[i] = ctx.arg(3 + n + i);
		}
		return new KeysAndArgs(keys, args);
	}

	private static boolean fcall(CommandContext ctx) {
		return ctx.spec().name().startsWith("fcall");
	}

}
