package io.cachalot.server.command.script;

import java.util.List;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.script.ScriptCache;
import io.cachalot.server.script.ScriptEngine;

/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT LOAD|EXISTS|FLUSH|KILL|HELP: argument
 * parsing and replies; compiling and running is the {@link ScriptEngine}'s.
 */
public final class ScriptCommands implements CommandFamily {

	private static final List<String> HELP = List.of("SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
			"DEBUG (YES|SYNC|NO)", "    Set the debug mode for subsequent scripts executed.",
			"EXISTS <sha1> [<sha1> ...]", "    Return information about the existence of the scripts in the script cache.",
			"FLUSH [ASYNC|SYNC]", "    Flush the Lua scripts cache. Very dangerous on replicas.",
			"    When called without the optional mode argument, the behavior is determined by the",
			"    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
			"    * ASYNC: Asynchronously flush the scripts cache.", "    * SYNC: Synchronously flush the scripts cache.",
			"KILL", "    Kill the currently executing Lua script.", "LOAD <script>",
			"    Load a script into the scripts cache without executing it.", "HELP", "    Prints this help.");

	@Override
	public void register(Binder b) {
		b.handle("eval", ctx -> eval(ctx, false));
		b.handle("eval_ro", ctx -> eval(ctx, true));
		b.handle("evalsha", ctx -> evalsha(ctx, false));
		b.handle("evalsha_ro", ctx -> evalsha(ctx, true));
		b.handle("script|load", ctx -> ctx.reply().bulk(ctx.server().scripts().compile(ctx.arg(2)).sha()));
		b.handle("script|exists", ctx -> {
			ctx.reply().array(ctx.argc() - 2);
			for (int i = 2; i < ctx.argc(); i++) {
				ctx.reply().integer(ctx.server().scripts().scripts().contains(ctx.string(i)) ? 1 : 0);
			}
		});
		b.handle("script|flush", ctx -> {
			flushMode(ctx, "ERR SCRIPT FLUSH only support SYNC|ASYNC option");
			ctx.server().scripts().scripts().clear();
			ctx.reply().ok();
		});
		b.handle("script|kill", ctx -> {
			String error = ctx.server().scripts().kill(ScriptEngine.Kind.EVAL);
			if (error != null) {
				throw new CommandException(error);
			}
			ctx.reply().ok();
		});
		b.handle("script|help", ctx -> ctx.help(HELP));
		b.handle("script|debug", ctx -> {
			if (ctx.is(2, "no")) {
				ctx.reply().ok();
			}
			else if (ctx.is(2, "yes") || ctx.is(2, "sync")) {
				// there is no Lua debugger (LDB) in Cachalot; saying so beats pretending
				throw new CommandException("ERR SCRIPT DEBUG YES|SYNC is not supported: Cachalot has no Lua debugger");
			}
			else {
				throw new CommandException("ERR Use SCRIPT DEBUG YES/SYNC/NO");
			}
		});
	}

	private static void eval(CommandContext ctx, boolean readOnly) {
		ScriptCache.Script script = ctx.server().scripts().compile(ctx.arg(1));
		run(ctx, script, readOnly);
	}

	private static void evalsha(CommandContext ctx, boolean readOnly) {
		ScriptCache.Script script = ctx.server().scripts().scripts().get(ctx.string(1));
		if (script == null) {
			throw new CommandException("NOSCRIPT No matching script. Please use EVAL.");
		}
		run(ctx, script, readOnly);
	}

	private static void run(CommandContext ctx, ScriptCache.Script script, boolean readOnly) {
		KeysAndArgs input = KeysAndArgs.parse(ctx);
		if (readOnly && script.flags() != io.cachalot.server.script.ScriptFlags.NONE && !script.flags().noWrites()) {
			throw new CommandException("ERR Can not execute a script with write flag using *_ro command.");
		}
		ctx.server().scripts().eval(ctx, script, input.keys(), input.args(), readOnly);
	}

	/** FLUSH's optional ASYNC / SYNC (both flush at once here). */
	static void flushMode(CommandContext ctx, String error) {
		if (ctx.argc() > 3 || (ctx.argc() == 3 && !ctx.is(2, "async") && !ctx.is(2, "sync"))) {
			throw new CommandException(error);
		}
	}

}
