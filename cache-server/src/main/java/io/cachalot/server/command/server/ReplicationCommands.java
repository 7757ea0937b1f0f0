package io.cachalot.server.command.server;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.replication.ReplicaLink;
import io.cachalot.server.replication.Replication;

/** REPLICAOF (and its old name SLAVEOF) and ROLE. */
public final class ReplicationCommands implements CommandFamily {

	@Override
	public void register(Binder b) {
		b.handle("replicaof", ReplicationCommands::replicaOf);
		b.handle("slaveof", ReplicationCommands::replicaOf);
		b.handle("role", ReplicationCommands::role);
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
