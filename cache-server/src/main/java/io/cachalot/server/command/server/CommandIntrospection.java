package io.cachalot.server.command.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandFlag;
import io.cachalot.server.command.CommandSpec;
import io.cachalot.server.command.CommandTable;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.command.KeySpec;
import io.cachalot.server.protocol.resp.CommandArgs;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.util.Glob;

/** COMMAND and its subcommands, generated entirely from the command declarations. */
public final class CommandIntrospection implements CommandFamily {

	private static final List<String> HELP = List.of(
			"COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
			"(no subcommand)", "    Return details about all Redis commands.",
			"COUNT", "    Return the total number of commands in this Redis server.",
			"LIST", "    Return a list of all commands in this Redis server.",
			"INFO [<command-name> ...]", "    Return details about multiple Redis commands.",
			"DOCS [<command-name> ...]", "    Return documentation details about multiple Redis commands.",
			"GETKEYS <full-command>", "    Return the keys from a full Redis command.",
			"GETKEYSANDFLAGS <full-command>", "    Return the keys and the access flags from a full Redis command.",
			"HELP", "    Print this help.");

	@Override
	public void register(Binder b) {
		b.handle("command", ctx -> infoArray(ctx, ctx.server().commands().commands()));
		b.handle("command|count", ctx -> ctx.reply().integer(ctx.server().commands().commands().size()));
		b.handle("command|info", this::info);
		b.handle("command|docs", this::docs);
		b.handle("command|list", this::list);
		b.handle("command|getkeys", ctx -> getkeys(ctx, false));
		b.handle("command|getkeysandflags", ctx -> getkeys(ctx, true));
		b.handle("command|help", ctx -> {
			ctx.reply().array(HELP.size());
			HELP.forEach(ctx.reply()::simple);
		});
	}

	private void info(CommandContext ctx) {
		if (ctx.argc() == 2) {
			infoArray(ctx, ctx.server().commands().commands());
			return;
		}
		Reply reply = ctx.reply();
		reply.array(ctx.argc() - 2);
		for (int i = 2; i < ctx.argc(); i++) {
			CommandSpec spec = find(ctx.server().commands(), ctx.string(i));
			if (spec == null) {
				reply.nullBulk();
			}
			else {
				writeInfo(reply, spec);
			}
		}
	}

	private static CommandSpec find(CommandTable table, String name) {
		CommandSpec spec = table.spec(name);
		return (spec != null && (spec.parent() != null || table.commands().contains(spec))) ? spec : null;
	}

	private static void infoArray(CommandContext ctx, Collection<CommandSpec> specs) {
		ctx.reply().array(specs.size());
		specs.forEach(spec -> writeInfo(ctx.reply(), spec));
	}

	private static void writeInfo(Reply reply, CommandSpec spec) {
		reply.array(10);
		reply.bulk(spec.name());
		reply.integer(spec.arity());
		reply.set(spec.flags().size());
		for (CommandFlag f : spec.flags()) {
			reply.simple(f.redisName());
		}
		reply.integer(spec.firstKey());
		reply.integer(spec.lastKey());
		reply.integer(spec.keyStep());
		reply.set(spec.aclCategories().size());
		spec.aclCategories().forEach(reply::simple);
		reply.set(spec.tips().size());
		spec.tips().forEach(reply::simple);
		writeKeySpecs(reply, spec);
		reply.array(spec.subcommands().size());
		spec.subcommands().values().forEach(sub -> writeInfo(reply, sub));
	}

	private static void writeKeySpecs(Reply reply, CommandSpec spec) {
		reply.array(spec.keySpecs().size());
		for (KeySpec ks : spec.keySpecs()) {
			reply.map(3);
			reply.bulk("flags");
			reply.set(ks.flags().size());
			ks.flags().forEach(reply::simple);
			reply.bulk("begin_search");
			reply.map(2);
			reply.bulk("type");
			switch (ks.begin()) {
				case KeySpec.Index index -> {
					reply.bulk("index");
					reply.bulk("spec");
					reply.map(1);
					reply.bulk("index");
					reply.integer(index.index());
				}
				case KeySpec.Keyword keyword -> {
					reply.bulk("keyword");
					reply.bulk("spec");
					reply.map(2);
					reply.bulk("keyword");
					reply.bulk(keyword.keyword());
					reply.bulk("startfrom");
					reply.integer(keyword.startFrom());
				}
				case KeySpec.Unknown unknown -> {
					reply.bulk("unknown");
					reply.bulk("spec");
					reply.map(0);
				}
			}
			reply.bulk("find_keys");
			reply.map(2);
			reply.bulk("type");
			switch (ks.find()) {
				case KeySpec.Range range -> {
					reply.bulk("range");
					reply.bulk("spec");
					reply.map(3);
					reply.bulk("lastkey");
					reply.integer(range.lastKey());
					reply.bulk("keystep");
					reply.integer(range.step());
					reply.bulk("limit");
					reply.integer(range.limit());
				}
				case KeySpec.KeyNum keyNum -> {
					reply.bulk("keynum");
					reply.bulk("spec");
					reply.map(3);
					reply.bulk("keynumidx");
					reply.integer(keyNum.keyNumIndex());
					reply.bulk("firstkey");
					reply.integer(keyNum.firstKey());
					reply.bulk("keystep");
					reply.integer(keyNum.step());
				}
				case KeySpec.Unknown unknown -> {
					reply.bulk("unknown");
					reply.bulk("spec");
					reply.map(0);
				}
			}
		}
	}

	/** The access flags of the key spec that covers argument {@code position}. */
	private static List<String> keyFlags(CommandSpec spec, int position) {
		for (KeySpec ks : spec.keySpecs()) {
			if (ks.begin() instanceof KeySpec.Index index && ks.find() instanceof KeySpec.Range range) {
				int last = (range.lastKey() < 0) ? Integer.MAX_VALUE : index.index() + range.lastKey();
				if (position >= index.index() && position <= last
						&& (position - index.index()) % Math.max(1, range.step()) == 0) {
					return ks.flags();
				}
			}
		}
		return spec.keySpecs().isEmpty() ? List.of() : spec.keySpecs().get(0).flags();
	}

	private void docs(CommandContext ctx) {
		CommandTable table = ctx.server().commands();
		List<CommandSpec> specs = new ArrayList<>();
		if (ctx.argc() == 2) {
			specs.addAll(table.commands());
		}
		else {
			for (int i = 2; i < ctx.argc(); i++) {
				CommandSpec spec = find(table, ctx.string(i));
				if (spec != null) {
					specs.add(spec);
				}
			}
		}
		Reply reply = ctx.reply();
		reply.map(specs.size());
		for (CommandSpec spec : specs) {
			reply.bulk(spec.name());
			writeDoc(reply, spec);
		}
	}

	private static void writeDoc(Reply reply, CommandSpec spec) {
		boolean subs = spec.isContainer();
		reply.map(subs ? 4 : 3);
		reply.bulk("summary");
		reply.bulk(spec.summary());
		reply.bulk("since");
		reply.bulk(spec.since());
		reply.bulk("group");
		reply.bulk(spec.group());
		if (subs) {
			reply.bulk("subcommands");
			reply.map(spec.subcommands().size());
			for (CommandSpec sub : spec.subcommands().values()) {
				reply.bulk(sub.name());
				writeDoc(reply, sub);
			}
		}
	}

	private void list(CommandContext ctx) {
		List<String> names = new ArrayList<>();
		for (CommandSpec spec : ctx.server().commands().commands()) {
			names.add(spec.name());
			spec.subcommands().values().forEach(sub -> names.add(sub.name()));
		}
		if (ctx.argc() == 5 && ctx.is(2, "FILTERBY")) {
			String value = ctx.string(4);
			if (ctx.is(3, "PATTERN")) {
				names.removeIf(n -> !Glob.matches(value.toLowerCase(), n));
			}
			else if (ctx.is(3, "ACLCAT")) {
				names.removeIf(n -> !ctx.server().commands().spec(n).aclCategories().contains("@" + value.toLowerCase()));
			}
			else if (ctx.is(3, "MODULE")) {
				names.clear();
			}
			else {
				throw CommandException.syntax();
			}
		}
		else if (ctx.argc() != 2) {
			throw CommandException.syntax();
		}
		ctx.reply().array(names.size());
		names.forEach(ctx.reply()::bulk);
	}

	private void getkeys(CommandContext ctx, boolean withFlags) {
		CommandTable table = ctx.server().commands();
		CommandArgs call = CommandArgs.of(ctx.args().copyRange(2));
		CommandSpec spec = table.lookup(call, 0);
		if (spec == null) {
			throw new CommandException("ERR Invalid command specified");
		}
		if (spec.isContainer() && call.count() >= 2) {
			CommandSpec sub = table.lookupSubcommand(spec, call, 1);
			if (sub != null) {
				spec = sub;
			}
		}
		if (!spec.arityAccepts(call.count())) {
			throw new CommandException("ERR Invalid number of arguments specified for command");
		}
		int[] positions = new int[call.count()];
		int n = spec.keyPositions(call, positions);
		if (n == 0) {
			throw new CommandException("ERR The command has no key arguments");
		}
		Reply reply = ctx.reply();
		reply.array(n);
		for (int k = 0; k < n; k++) {
			List<String> flags = keyFlags(spec, positions[k]);
			if (withFlags) {
				reply.array(2);
				reply.bulk(call.bytes(positions[k]));
				reply.set(flags.size());
				flags.forEach(reply::simple);
			}
			else {
				reply.bulk(call.bytes(positions[k]));
			}
		}
	}

}
