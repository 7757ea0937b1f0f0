package io.cachalot.server.command.transaction;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.store.Keyspace;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH. The dispatcher queues commands while a transaction is
 * open and dooms it on queue-time errors; EXEC then runs the queue holding every stripe of the
 * keyspace, so no client on any event loop sees or makes a change in between (Redis's
 * single-threaded atomicity), under one command time snapshot.
 */
public final class TransactionCommands implements CommandFamily {

	@Override
	public void register(Binder b) {
		b.handle("multi", ctx -> {
			Transaction tx = ctx.session().transaction();
			if (tx.isOpen()) {
				throw new CommandException("ERR MULTI calls can not be nested");
			}
			tx.begin();
			ctx.reply().ok();
		});
		b.handle("discard", ctx -> {
			Transaction tx = ctx.session().transaction();
			if (!tx.isOpen()) {
				throw new CommandException("ERR DISCARD without MULTI");
			}
			ctx.server().watches().discard(tx);
			ctx.reply().ok();
		});
		b.handle("exec", this::exec);
		b.handle("watch", ctx -> {
			Transaction tx = ctx.session().transaction();
			if (tx.isOpen()) {
				throw new CommandException("ERR WATCH inside MULTI is not allowed");
			}
			for (int i = 1; i < ctx.argc(); i++) {
				byte[] key = ctx.key(i);
				ctx.server().watches().watch(tx, ctx.session().db(), key, ctx.db().exists(key));
			}
			ctx.reply().ok();
		});
		b.handle("unwatch", ctx -> {
			ctx.server().watches().unwatchAll(ctx.session().transaction());
			ctx.reply().ok();
		});
	}

	private void exec(CommandContext ctx) {
		Transaction tx = ctx.session().transaction();
		WatchRegistry watches = ctx.server().watches();
		if (!tx.isOpen()) {
			throw new CommandException("ERR EXEC without MULTI");
		}
		if (tx.failed()) {
			watches.discard(tx);
			throw new CommandException("EXECABORT Transaction discarded because of previous errors.");
		}
		Keyspace keyspace = ctx.server().keyspace();
		keyspace.lockAll();
		try {
			expireWatchedKeys(ctx, tx);
			if (tx.isDirty()) {
				ctx.reply().nullArray();
				return;
			}
			// the transaction stays open while it runs (CLIENT LIST shows flags=x multi=N, as Redis)
			var queued = java.util.List.copyOf(tx.queued());
			ctx.reply().array(queued.size());
			ctx.runQueued(queued);
		}
		finally {
			keyspace.unlockAll();
			watches.discard(tx);
		}
	}

	/** Lets watched keys whose TTL passed unobserved expire now, so their watchers see the change. */
	private static void expireWatchedKeys(CommandContext ctx, Transaction tx) {
		for (int db : tx.watchedDatabases()) {
			for (byte[] key : tx.watchedKeysOf(db)) {
				ctx.server().keyspace().db(db).exists(key);
			}
		}
	}

}
