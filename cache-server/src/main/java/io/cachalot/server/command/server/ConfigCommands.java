package io.cachalot.server.command.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.config.ConfigException;
import io.cachalot.server.config.ServerConfig;

/** CONFIG GET / SET / RESETSTAT / REWRITE over {@link ServerConfig}. */
public final class ConfigCommands implements CommandFamily {

	private static final List<String> HELP = List.of(
			"CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
			"GET <pattern>", "    Return parameters matching the glob-like <pattern> and their values.",
			"SET <directive> <value>", "    Set the configuration <directive> to <value>.",
			"RESETSTAT", "    Reset statistics reported by the INFO command.",
			"REWRITE", "    Rewrite the configuration file.",
			"HELP", "    Print this help.");

	@Override
	public void register(Binder b) {
		b.handle("config|get", this::get);
		b.handle("config|set", this::set);
		b.handle("config|resetstat", ctx -> {
			ctx.server().stats().reset();
			ctx.server().keyspace().resetStats();
			ctx.server().commands().resetStats();
			ctx.reply().ok();
		});
		b.handle("config|rewrite", ctx -> {
			try {
				ctx.server().config().rewrite();
			}
			catch (ConfigException ex) {
				throw new CommandException("ERR " + ex.getMessage());
			}
			catch (RuntimeException ex) {
				throw new CommandException("ERR Rewriting config file: " + ex.getMessage());
			}
			ctx.reply().ok();
		});
		b.handle("config|help", ctx -> {
			ctx.reply().array(HELP.size());
			HELP.forEach(ctx.reply()::simple);
		});
	}

	private void get(CommandContext ctx) {
		List<String> patterns = new ArrayList<>();
		for (int i = 2; i < ctx.argc(); i++) {
			patterns.add(ctx.string(i));
		}
		Map<String, String> values = ctx.server().config().getMatching(patterns);
		ctx.reply().map(values.size());
		values.forEach((name, value) -> {
			ctx.reply().bulk(name);
			ctx.reply().bulk(value);
		});
	}

	private void set(CommandContext ctx) {
		if ((ctx.argc() - 2) % 2 != 0) {
			throw ctx.wrongArity();
		}
		Map<String, String> pairs = new LinkedHashMap<>();
		for (int i = 2; i < ctx.argc(); i += 2) {
			String name = ctx.string(i).toLowerCase();
			if (ctx.server().config().directive(name) == null) {
				throw new CommandException(
						"ERR Unknown option or number of arguments for CONFIG SET - '" + ctx.string(i) + "'");
			}
			if (PROTECTED.contains(name) && !protectedConfigsAllowed(ctx)) {
				throw failed(name, "can't set protected config");
			}
			if (pairs.put(name, ctx.string(i + 1)) != null) {
				throw failed(name, "duplicate parameter");
			}
		}
		try {
			ctx.server().config().set(pairs);
		}
		catch (ServerConfig.ConfigSetException ex) {
			throw failed(ex.directive(), ex.getMessage());
		}
		ctx.reply().ok();
	}

	/** Where SAVE writes: changing them at run time would let a client write files anywhere. */
	private static final java.util.Set<String> PROTECTED = java.util.Set.of("dir", "dbfilename");

	private static boolean protectedConfigsAllowed(CommandContext ctx) {
		String mode = ctx.server().config().get("enable-protected-configs");
		return mode.equals("yes") || (mode.equals("local") && ctx.session().transport().isLocal());
	}

	private static CommandException failed(String directive, String reason) {
		return new CommandException(
				"ERR CONFIG SET failed (possibly related to argument '" + directive + "') - " + reason);
	}

}
