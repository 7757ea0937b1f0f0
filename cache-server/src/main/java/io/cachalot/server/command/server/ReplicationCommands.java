package io.cachalot.server.command.server;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.replication.ReplicaLink;
import io.cachalot.server.replication.Replication;

/** REPLICAOF (and its old name SLAVEOF), ROLE and WAIT. */
public final class ReplicationCommands implements CommandFamily {

	@Override
	public void register(Binder b) {
		b.handle("replicaof", ReplicationCommands::replicaOf);
		b.handle("slaveof", ReplicationCommands::replicaOf);
		b.handle("role", ReplicationCommands::role);
		b.handle("wait", ReplicationCommands::waitForReplicas);
	}

	/**
	 * WAIT numreplicas timeout. This server has no replicas of its own yet, so none ever
	 * acknowledges: asking for none answers 0 at once; asking for some waits out the timeout
	 * (0: for ever) and answers 0, as Redis does without replicas.
	 */
	private static void waitForReplicas(CommandContext ctx) {
		if (ctx.server().replication().link() != null) {
			throw new CommandException("ERR WAIT cannot be used with replica instances. Please also note that since"
					+ " Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas"
					+ " are just local and are not propagated.");
		}
		long replicas = ctx.longArg(1);
		long timeout;
		try {
			timeout = Long.parseLong(ctx.string(2));
		}
		catch (NumberFormatException ex) {
			throw new CommandException("ERR timeout is not an integer or out of range");
		}
		if (timeout < 0) {
			throw new CommandException("ERR timeout is negative");
		}
		if (replicas <= 0) {
			ctx.reply().integer(0);
			return;
		}
		ctx.block(java.util.List.of(), timeout, r -> r.integer(0));
	}

	/** REPLICAOF host port | NO ONE. */
	private static void replicaOf(CommandContext ctx) {
		Replication replication = ctx.server().replication();
		if (ctx.is(1, "NO") && ctx.is(2, "ONE")) {
			replication.promote();
			ctx.reply().ok();
			return;
		}
		long port = ctx.longArg(2);
		if (port < 0 || port > 65535) {
			throw new CommandException("ERR Invalid master port");
		}
		if (replication.replicaOf(ctx.string(1), (int) port)) {
			ctx.reply().ok();
		}
		else {
			ctx.reply().simple("OK Already connected to specified master");
		}
	}

	/** ROLE: a primary (no replicas of its own yet), or a replica and its link. */
	private static void role(CommandContext ctx) {
		ReplicaLink link = ctx.server().replication().link();
		if (link == null) {
			ctx.reply().array(3);
			ctx.reply().bulk("master");
			ctx.reply().integer(0);
			ctx.reply().array(0);
			return;
		}
		ctx.reply().array(5);
		ctx.reply().bulk("slave");
		ctx.reply().bulk(link.host());
		ctx.reply().integer(link.port());
		ctx.reply().bulk(link.state().roleName());
		ctx.reply().integer((link.state() == ReplicaLink.State.CONNECTED) ? link.offset() : -1);
	}

}
