package io.cachalot.server.command;

import java.util.List;

import io.cachalot.server.ServerContext;
import io.cachalot.server.command.bitmap.BitmapCommands;
import io.cachalot.server.command.connection.ClientCommands;
import io.cachalot.server.command.connection.ConnectionCommands;
import io.cachalot.server.command.geo.GeoCommands;
import io.cachalot.server.command.hash.HashCommands;
import io.cachalot.server.command.hash.HashFieldExpireCommands;
import io.cachalot.server.command.hll.HyperLogLogCommands;
import io.cachalot.server.command.introspection.IntrospectionCommands;
import io.cachalot.server.command.keys.ExpireCommands;
import io.cachalot.server.command.set.SetCommands;
import io.cachalot.server.command.keys.DumpCommands;
import io.cachalot.server.command.keys.KeyCommands;
import io.cachalot.server.command.keys.SortCommand;
import io.cachalot.server.command.list.ListCommands;
import io.cachalot.server.command.pubsub.PubSubCommands;
import io.cachalot.server.command.server.CommandIntrospection;
import io.cachalot.server.command.server.ConfigCommands;
import io.cachalot.server.command.server.InfoCommand;
import io.cachalot.server.command.server.ObjectCommands;
import io.cachalot.server.command.server.ReplicationCommands;
import io.cachalot.server.command.server.ServerCommands;
import io.cachalot.server.command.stream.StreamCommands;
import io.cachalot.server.command.stream.StreamGroupCommands;
import io.cachalot.server.command.stream.StreamInfoCommands;
import io.cachalot.server.command.string.StringCommands;
import io.cachalot.server.command.tracking.TrackingCommands;
import io.cachalot.server.command.script.FunctionCommands;
import io.cachalot.server.command.script.ScriptCommands;
import io.cachalot.server.command.transaction.TransactionCommands;
import io.cachalot.server.command.zset.ZSetAlgebraCommands;
import io.cachalot.server.command.zset.ZSetCommands;
import io.cachalot.server.command.zset.ZSetPopCommands;

/** The families that bind handlers to the declared commands; the server registers all of them at start. */
public final class CommandFamilies {

	private CommandFamilies() {
	}

	public static List<CommandFamily> all(ServerContext server) {
		return List.of(new ConnectionCommands(), new ClientCommands(), new ServerCommands(), new ReplicationCommands(),
				new InfoCommand(), new ConfigCommands(), new CommandIntrospection(), new ObjectCommands(),
				new KeyCommands(), new DumpCommands(), new ExpireCommands(), new StringCommands(), new HashCommands(), new HashFieldExpireCommands(),
				new SetCommands(), new ListCommands(), new ZSetCommands(), new ZSetAlgebraCommands(),
				new ZSetPopCommands(), new BitmapCommands(), new SortCommand(),
				new HyperLogLogCommands(), new GeoCommands(), new StreamCommands(),
				new StreamGroupCommands(), new StreamInfoCommands(), new PubSubCommands(), new TransactionCommands(), new ScriptCommands(), new FunctionCommands(),
				new TrackingCommands(), new IntrospectionCommands());
	}

	/** Binds every family; fails when a declared command has no handler. */
	public static void registerAll(ServerContext server) {
		CommandTable.Binder binder = server.commands().binder();
		for (CommandFamily family : all(server)) {
			family.register(binder);
		}
		List<String> unbound = server.commands().unbound();
		if (!unbound.isEmpty()) {
			throw new IllegalStateException("declared commands without a handler: " + unbound);
		}
	}

}
