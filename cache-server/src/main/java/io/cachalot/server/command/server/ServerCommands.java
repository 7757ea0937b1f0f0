package io.cachalot.server.command.server;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.persistence.RdbPersistence;
import io.cachalot.server.command.CommandTable.Binder;

/** Whole-server commands: DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME, LASTSAVE, DEBUG. */
public final class ServerCommands implements CommandFamily {

	private static final List<String> DEBUG_HELP = List.of(
			"DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
			"SLEEP <seconds>", "    Stop the server for <seconds>. Decimals allowed.",
			"SET-ACTIVE-EXPIRE <0|1>", "    Setting it to 0 disables expiring keys in background when they are not accessed.",
			"HELP", "    Print this help.");

	@Override
	public void register(Binder b) {
		b.handle("dbsize", ctx -> ctx.reply().integer(ctx.server().keyspace().size(ctx.session().db())));
		b.handle("flushdb", ctx -> flush(ctx, ctx.session().db()));
		b.handle("flushall", ctx -> flush(ctx, -1));
		b.handle("swapdb", this::swapdb);
		b.handle("time", ctx -> {
			Instant now = Instant.now();
			ctx.reply().array(2);
			ctx.reply().bulk(Long.toString(now.getEpochSecond()));
			ctx.reply().bulk(Long.toString(now.getNano() / 1000));
		});
		b.handle("lastsave", ctx -> ctx.reply().integer(ctx.server().lastSaveSeconds()));
		b.handle("save", ServerCommands::save);
		b.handle("bgsave", ServerCommands::bgsave);
		// cluster mode is not built
		b.handle("readonly", ServerCommands::clusterDisabled);
		b.handle("readwrite", ServerCommands::clusterDisabled);
		b.handle("debug", this::debug);
		b.handle("shutdown", ServerCommands::shutdown);
	}

	/** SAVE: the RDB snapshot written now, the caller waiting. */
	private static void save(CommandContext ctx) {
		try {
			if (!ctx.server().persistence().save()) {
				throw new CommandException("ERR Background save already in progress");
			}
		}
		catch (java.io.IOException ex) {
			throw new CommandException("ERR " + ex.getMessage());
		}
		ctx.reply().ok();
	}

	/** BGSAVE [SCHEDULE]: the snapshot written by a background thread. */
	private static void bgsave(CommandContext ctx) {
		boolean schedule = false;
		if (ctx.argc() == 2 && ctx.is(1, "SCHEDULE")) {
			schedule = true;
		}
		else if (ctx.argc() > 1) {
			throw CommandException.syntax();
		}
		if (ctx.server().persistence().saveInBackground()) {
			ctx.reply().simple("Background saving started");
		}
		else if (schedule) {
			// Redis would start it once the running one ends; the next save rule check will
			ctx.reply().simple("Background saving scheduled");
		}
		else {
			throw new CommandException("ERR Background save already in progress");
		}
	}

	private static void clusterDisabled(CommandContext ctx) {
		throw new CommandException("ERR This instance has cluster support disabled");
	}

	private void flush(CommandContext ctx, int db) {
		if (ctx.argc() > 2 || (ctx.argc() == 2 && !ctx.is(1, "ASYNC") && !ctx.is(1, "SYNC"))) {
			throw CommandException.syntax();
		}
		ctx.server().keyspace().flush(db);
		ctx.reply().ok();
	}

	private void swapdb(CommandContext ctx) {
		long a;
		long b;
		try {
			a = ctx.args().longValue(1);
		}
		catch (NumberFormatException ex) {
			throw new CommandException("ERR invalid first DB index");
		}
		try {
			b = ctx.args().longValue(2);
		}
		catch (NumberFormatException ex) {
			throw new CommandException("ERR invalid second DB index");
		}
		int dbs = ctx.server().keyspace().databases();
		if (a < 0 || a >= dbs || b < 0 || b >= dbs) {
			throw new CommandException("ERR DB index is out of range");
		}
		if (a != b) {
			ctx.server().keyspace().swap((int) a, (int) b);
		}
		ctx.reply().ok();
	}

	private void debug(CommandContext ctx) {
		String mode = ctx.server().config().get("enable-debug-command");
		if (mode.equals("no") || (mode.equals("local") && !ctx.session().transport().isLocal())) {
			throw new CommandException("ERR DEBUG command not allowed. If the enable-debug-command option is set to "
					+ "\"local\", you can run it from a local connection, otherwise you need to set this option in "
					+ "the configuration file, and then restart the server.");
		}
		if (ctx.is(1, "SLEEP") && ctx.argc() == 3) {
			double seconds = ctx.doubleArg(2);
			long nanos = (long) (seconds * 1e9);
			long deadline = System.nanoTime() + nanos;
			while (nanos > 0) {
				LockSupport.parkNanos(nanos);
				nanos = deadline - System.nanoTime();
			}
			ctx.reply().ok();
		}
		else if (ctx.is(1, "SET-ACTIVE-EXPIRE") && ctx.argc() == 3) {
			ctx.server().expiry().enabled(ctx.longArg(2) != 0);
			ctx.reply().ok();
		}
		else if (ctx.is(1, "HELP")) {
			ctx.reply().array(DEBUG_HELP.size());
			DEBUG_HELP.forEach(ctx.reply()::simple);
		}
		else {
			throw new CommandException("ERR unknown subcommand or wrong number of arguments for '" + ctx.string(1)
					+ "'. Try DEBUG HELP.");
		}
	}

	/**
	 * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: stops the server (there is nothing to save
	 * yet); the standalone server's process then exits. Allowed while a script is busy, which
	 * it stops even if it wrote.
	 */
	private static void shutdown(CommandContext ctx) {
		boolean nosave = false;
		boolean save = false;
		boolean force = false;
		for (int i = 1; i < ctx.argc(); i++) {
			if (ctx.is(i, "nosave")) {
				nosave = true;
			}
			else if (ctx.is(i, "save")) {
				save = true;
			}
			else if (ctx.is(i, "abort")) {
				throw new CommandException("ERR No shutdown in progress.");
			}
			else if (ctx.is(i, "force")) {
				force = true;
			}
			else if (!ctx.is(i, "now")) {
				throw CommandException.syntax();
			}
		}
		if (nosave && save) {
			throw CommandException.syntax();
		}
		RdbPersistence persistence = ctx.server().persistence();
		if (!nosave && (save || persistence.savesOnShutdown())) {
			persistence.awaitBackgroundSave(60_000);
			try {
				persistence.save();
			}
			catch (java.io.IOException | RuntimeException ex) {
				if (!force) {
					throw new CommandException("ERR Errors trying to SHUTDOWN. Check logs.");
				}
			}
		}
		persistence.shutdownDecided();
		ctx.session().closeAfterReply();
		ctx.server().shutdown();
	}

}
