package io.cachalot.server.command.script;

import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.script.FunctionDump;
import io.cachalot.server.script.FunctionLibraries;
import io.cachalot.server.script.ScriptEngine;
import io.cachalot.server.util.Glob;

/**
 * FCALL, FCALL_RO and FUNCTION LOAD|DELETE|FLUSH|LIST|DUMP|RESTORE|STATS|KILL|HELP. Library
 * changes hold every stripe, as they may run Lua (loading) and must not race a running FCALL.
 */
public final class FunctionCommands implements CommandFamily {

	private static final List<String> HELP = List.of("FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
			"LOAD [REPLACE] <FUNCTION CODE>", "    Create a new library with the given library name and code.",
			"DELETE <LIBRARY NAME>", "    Delete the given library.", "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
			"    Return general information on all the libraries:", "    * Library name",
			"    * The engine used to run the Library", "    * Library description", "    * Functions list",
			"    * Library code (if WITHCODE is given)",
			"    It also possible to get only function that matches a pattern using LIBRARYNAME argument.", "STATS",
			"    Return information about the current function running:", "    * Function name",
			"    * Command used to run the function", "    * Duration in MS that the function is running",
			"    If no function is running, return nil", "    In addition, returns a list of available engines.", "KILL",
			"    Kill the current running function.", "FLUSH [ASYNC|SYNC]", "    Delete all the libraries.",
			"    When called without the optional mode argument, the behavior is determined by the",
			"    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
			"    * ASYNC: Asynchronously flush the libraries.", "    * SYNC: Synchronously flush the libraries.", "DUMP",
			"    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
			"RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
			"    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
			"    control how to handle existing libraries (default APPEND):", "    * FLUSH: delete all existing libraries.",
			"    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
			"    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
			"      libraries with the new libraries (notice that even on this option there is a chance of failure",
			"      in case of functions name collision with another library).", "HELP", "    Prints this help.");

	@Override
	public void register(Binder b) {
		b.handle("fcall", ctx -> fcall(ctx, false));
		b.handle("fcall_ro", ctx -> fcall(ctx, true));
		b.handle("function|load", ctx -> {
			boolean replace = ctx.argc() == 4 && ctx.is(2, "replace");
			if (ctx.argc() > 4 || (ctx.argc() == 4 && !replace)) {
				throw new CommandException("ERR Unknown option given: " + ctx.string(2));
			}
			String name = underEveryStripe(ctx, () -> libraries(ctx).load(ctx.arg(ctx.argc() - 1), replace));
			ctx.reply().bulk(name);
		});
		b.handle("function|delete", ctx -> {
			underEveryStripe(ctx, () -> {
				libraries(ctx).delete(ctx.string(2));
				return null;
			});
			ctx.reply().ok();
		});
		b.handle("function|flush", ctx -> {
			ScriptCommands.flushMode(ctx, "ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
			underEveryStripe(ctx, () -> {
				libraries(ctx).flush();
				return null;
			});
			ctx.reply().ok();
		});
		b.handle("function|list", FunctionCommands::list);
		b.handle("function|dump", ctx -> {
			List<byte[]> codes = new ArrayList<>();
			libraries(ctx).libraries().forEach(l -> codes.add(l.code()));
			ctx.reply().bulk(FunctionDump.encode(codes));
		});
		b.handle("function|restore", ctx -> {
			String policy = (ctx.argc() > 3) ? ctx.string(3).toLowerCase() : "append";
			if (ctx.argc() > 4 || !List.of("flush", "append", "replace").contains(policy)) {
				throw new CommandException("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
			}
			List<byte[]> codes = FunctionDump.decode(ctx.arg(2));
			underEveryStripe(ctx, () -> {
				libraries(ctx).restore(codes, policy);
				return null;
			});
			ctx.reply().ok();
		});
		b.handle("function|stats", FunctionCommands::stats);
		b.handle("function|kill", ctx -> {
			String error = ctx.server().scripts().kill(ScriptEngine.Kind.FUNCTION);
			if (error != null) {
				throw new CommandException(error);
			}
			ctx.reply().ok();
		});
		b.handle("function|help", ctx -> ctx.help(HELP));
	}

	private static FunctionLibraries libraries(CommandContext ctx) {
		return ctx.server().scripts().functions();
	}

	private static void fcall(CommandContext ctx, boolean readOnly) {
		FunctionLibraries.Function function = libraries(ctx).function(ctx.string(1));
		if (function == null) {
			throw new CommandException("ERR Function not found");
		}
		KeysAndArgs input = KeysAndArgs.parse(ctx);
		if (readOnly && !function.flags().noWrites()) {
			throw new CommandException("ERR Can not execute a script with write flag using *_ro command.");
		}
		ctx.server().scripts().fcall(ctx, function, input.keys(), input.args(), readOnly);
	}

	/** Runs a library change holding every stripe (a running FCALL holds them too). */
	private static <T> T underEveryStripe(CommandContext ctx, java.util.function.Supplier<T> change) {
		if (ctx.nested()) {
			return change.get();
		}
		var keyspace = ctx.server().keyspace();
		if (!keyspace.lockAll(() -> ctx.server().scripts().busyError(ctx.session()) != null)) {
			throw new CommandException(ctx.server().scripts().busyError(ctx.session()));
		}
		try {
			return change.get();
		}
		finally {
			keyspace.unlockAll();
		}
	}

	private static void list(CommandContext ctx) {
		String pattern = null;
		boolean withCode = false;
		for (int i = 2; i < ctx.argc(); i++) {
			if (ctx.is(i, "withcode")) {
				withCode = true;
			}
			else if (ctx.is(i, "libraryname")) {
				if (++i >= ctx.argc()) {
					throw new CommandException("ERR library name argument was not given");
				}
				pattern = ctx.string(i);
			}
			else {
				throw new CommandException("ERR Unknown argument " + ctx.string(i));
			}
		}
		List<FunctionLibraries.Library> selected = new ArrayList<>();
		for (FunctionLibraries.Library library : libraries(ctx).libraries()) {
			if (pattern == null || Glob.matches(pattern, library.name())) {
				selected.add(library);
			}
		}
		Reply reply = ctx.reply();
		reply.array(selected.size());
		for (FunctionLibraries.Library library : selected) {
			reply.map(withCode ? 4 : 3);
			reply.bulk("library_name");
			reply.bulk(library.name());
			reply.bulk("engine");
			reply.bulk("LUA");
			reply.bulk("functions");
			// Redis's order is its hash table's; by name is as valid and stable
			List<FunctionLibraries.Function> functions = new ArrayList<>(library.functions().values());
			functions.sort(java.util.Comparator.comparing(FunctionLibraries.Function::name));
			reply.array(functions.size());
			for (FunctionLibraries.Function f : functions) {
				reply.map(3);
				reply.bulk("name");
				reply.bulk(f.name());
				reply.bulk("description");
				if (f.description() == null) {
					reply.nullBulk();
				}
				else {
					reply.bulk(f.description());
				}
				reply.bulk("flags");
				List<String> flags = f.flags().names();
				reply.set(flags.size());
				flags.forEach(reply::simple);
			}
			if (withCode) {
				reply.bulk("library_code");
				reply.bulk(library.code());
			}
		}
	}

	private static void stats(CommandContext ctx) {
		Reply reply = ctx.reply();
		reply.map(2);
		reply.bulk("running_script");
		ScriptEngine.RunningScript running = ctx.server().scripts().runningScript(ScriptEngine.Kind.FUNCTION);
		if (running == null) {
			reply.nullBulk();
		}
		else {
			reply.map(3);
			reply.bulk("name");
			reply.bulk(running.name());
			reply.bulk("command");
			reply.array(2);
			reply.bulk("fcall");
			reply.bulk(running.name());
			reply.bulk("duration_ms");
			reply.integer(running.millis());
		}
		reply.bulk("engines");
		reply.map(1);
		reply.bulk("LUA");
		reply.map(2);
		reply.bulk("libraries_count");
		reply.integer(libraries(ctx).libraries().size());
		reply.bulk("functions_count");
		reply.integer(libraries(ctx).functionCount());
	}

}
