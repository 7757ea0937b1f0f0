package io.cachalot.server.command.stream;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.store.CommandClock;
import io.cachalot.server.store.type.ConsumerGroup;
import io.cachalot.server.store.type.ConsumerGroup.Consumer;
import io.cachalot.server.store.type.ConsumerGroup.Pending;
import io.cachalot.server.store.type.StreamValue;
import io.cachalot.server.store.type.StreamValue.Entry;
import io.cachalot.server.store.type.StreamValue.Id;

/**
 * XINFO STREAM [FULL [COUNT n]], XINFO GROUPS, XINFO CONSUMERS with Redis 7.0's fields.
 * "radix-tree-nodes" counts the internal nodes of Redis's radix tree, which has no
 * counterpart here; it is reported as the node count plus one.
 */
public final class StreamInfoCommands implements CommandFamily {

	@Override
	public void register(Binder b) {
		b.handle("xinfo|stream", this::info);
		b.handle("xinfo|groups", ctx -> {
			StreamValue s = stream(ctx);
			Reply r = ctx.reply();
			r.array(s.groupsByName().size());
			for (Map.Entry<String, ConsumerGroup> e : s.groupsByName().entrySet()) {
				ConsumerGroup g = e.getValue();
				r.map(6);
				r.bulk("name");
				r.bulk(e.getKey().getBytes(StandardCharsets.ISO_8859_1));
				r.bulk("consumers");
				r.integer(g.consumers.size());
				r.bulk("pending");
				r.integer(g.pending.size());
				r.bulk("last-delivered-id");
				StreamCommands.writeId(r, g.lastId);
				entriesReadAndLag(r, s, g);
			}
		});
		b.handle("xinfo|consumers", ctx -> {
			StreamValue s = stream(ctx);
			String group = new String(ctx.arg(3), StandardCharsets.ISO_8859_1);
			ConsumerGroup g = s.group(group);
			if (g == null) {
				throw new CommandException("NOGROUP No such consumer group '" + group + "' for key name '" + ctx.string(2) + "'");
			}
			long now = CommandClock.now();
			Reply r = ctx.reply();
			r.array(g.consumers.size());
			for (Consumer c : g.consumers.values()) {
				r.map(3);
				r.bulk("name");
				r.bulk(c.name.getBytes(StandardCharsets.ISO_8859_1));
				r.bulk("pending");
				r.integer(c.pending.size());
				r.bulk("idle");
				r.integer(Math.max(0, now - c.seenTime));
			}
		});
		b.handle("xinfo|help", ctx -> {
			List<String> help = List.of("XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
					"CONSUMERS <key> <groupname>", "    Show consumers of <groupname>.",
					"GROUPS <key>", "    Show the stream consumer groups.",
					"STREAM <key> [FULL [COUNT <count>]", "    Show information about the stream.",
					"HELP", "    Print this help.");
			ctx.reply().array(help.size());
			help.forEach(ctx.reply()::simple);
		});
	}

	private static StreamValue stream(CommandContext ctx) {
		StreamValue s = ctx.db().readTyped(ctx.key(2), StreamValue.class);
		if (s == null) {
			throw new CommandException("ERR no such key");
		}
		return s;
	}

	private static void entriesReadAndLag(Reply r, StreamValue s, ConsumerGroup g) {
		r.bulk("entries-read");
		if (g.entriesRead >= 0) {
			r.integer(g.entriesRead);
		}
		else {
			r.nullBulk();
		}
		r.bulk("lag");
		Long lag = s.lag(g);
		if (lag != null) {
			r.integer(lag);
		}
		else {
			r.nullBulk();
		}
	}

	private static void entry(Reply r, Entry e) {
		if (e == null) {
			r.nullBulk();
			return;
		}
		r.array(2);
		StreamCommands.writeId(r, e.id());
		r.array(e.fieldsAndValues().length);
		for (byte[] v : e.fieldsAndValues()) {
			r.bulk(v);
		}
	}

	private void info(CommandContext ctx) {
		boolean full = false;
		long count = 10;
		if (ctx.argc() > 3) {
			if (!ctx.is(3, "FULL")) {
				throw CommandException.syntax();
			}
			full = true;
			if (ctx.argc() == 6 && ctx.is(4, "COUNT")) {
				count = ctx.longArg(5);
			}
			else if (ctx.argc() != 4) {
				throw CommandException.syntax();
			}
		}
		StreamValue s = stream(ctx);
		Reply r = ctx.reply();
		r.map(full ? 9 : 10);
		r.bulk("length");
		r.integer(s.length());
		r.bulk("radix-tree-keys");
		r.integer(s.nodeCount());
		r.bulk("radix-tree-nodes");
		r.integer(s.nodeCount() + 1);
		r.bulk("last-generated-id");
		StreamCommands.writeId(r, s.lastId());
		r.bulk("max-deleted-entry-id");
		StreamCommands.writeId(r, s.maxDeletedId());
		r.bulk("entries-added");
		r.integer(s.entriesAdded());
		r.bulk("recorded-first-entry-id");
		StreamCommands.writeId(r, s.firstId());
		if (!full) {
			r.bulk("groups");
			r.integer(s.groupsByName().size());
			r.bulk("first-entry");
			entry(r, s.firstEntry());
			r.bulk("last-entry");
			entry(r, s.lastEntry());
			return;
		}
		r.bulk("entries");
		StreamCommands.writeEntries(r, s.range(Id.MIN, Id.MAX, false, (count <= 0) ? -1 : count));
		r.bulk("groups");
		r.array(s.groupsByName().size());
		for (Map.Entry<String, ConsumerGroup> e : s.groupsByName().entrySet()) {
			ConsumerGroup g = e.getValue();
			r.map(7);
			r.bulk("name");
			r.bulk(e.getKey().getBytes(StandardCharsets.ISO_8859_1));
			r.bulk("last-delivered-id");
			StreamCommands.writeId(r, g.lastId);
			entriesReadAndLag(r, s, g);
			r.bulk("pel-count");
			r.integer(g.pending.size());
			List<Pending> pel = g.pendingRange(Id.MIN, Id.MAX, (count <= 0) ? Long.MAX_VALUE : count, null);
			r.bulk("pending");
			r.array(pel.size());
			for (Pending p : pel) {
				r.array(4);
				StreamCommands.writeId(r, p.id);
				r.bulk(p.owner.name.getBytes(StandardCharsets.ISO_8859_1));
				r.integer(p.deliveryTime);
				r.integer(p.deliveryCount);
			}
			r.bulk("consumers");
			r.array(g.consumers.size());
			for (Consumer c : g.consumers.values()) {
				r.map(4);
				r.bulk("name");
				r.bulk(c.name.getBytes(StandardCharsets.ISO_8859_1));
				r.bulk("seen-time");
				r.integer(c.seenTime);
				r.bulk("pel-count");
				r.integer(c.pending.size());
				List<Pending> own = g.pendingRange(Id.MIN, Id.MAX, (count <= 0) ? Long.MAX_VALUE : count, c);
				r.bulk("pending");
				r.array(own.size());
				for (Pending p : own) {
					r.array(3);
					StreamCommands.writeId(r, p.id);
					r.integer(p.deliveryTime);
					r.integer(p.deliveryCount);
				}
			}
		}
	}

}
