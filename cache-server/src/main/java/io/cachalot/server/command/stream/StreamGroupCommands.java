package io.cachalot.server.command.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.store.CommandClock;
import io.cachalot.server.store.Db;
import io.cachalot.server.store.type.ConsumerGroup;
import io.cachalot.server.store.type.ConsumerGroup.Consumer;
import io.cachalot.server.store.type.ConsumerGroup.Pending;
import io.cachalot.server.store.type.StreamValue;
import io.cachalot.server.store.type.StreamValue.Entry;
import io.cachalot.server.store.type.StreamValue.Id;

/** Consumer groups: XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM. */
public final class StreamGroupCommands implements CommandFamily {

	@Override
	public void register(Binder b) {
		b.handle("xgroup|create", ctx -> xgroup(ctx, "CREATE"));
		b.handle("xgroup|setid", ctx -> xgroup(ctx, "SETID"));
		b.handle("xgroup|destroy", ctx -> xgroup(ctx, "DESTROY"));
		b.handle("xgroup|createconsumer", ctx -> xgroup(ctx, "CREATECONSUMER"));
		b.handle("xgroup|delconsumer", ctx -> xgroup(ctx, "DELCONSUMER"));
		b.handle("xgroup|help", ctx -> {
			List<String> help = List.of("XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
					"CREATE <key> <groupname> <id|$> [option]", "    Create a new consumer group.",
					"CREATECONSUMER <key> <groupname> <consumer>", "    Create a new consumer in the specified group.",
					"DELCONSUMER <key> <groupname> <consumer>", "    Remove the specified consumer.",
					"DESTROY <key> <groupname>", "    Remove the specified group.",
					"SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]", "    Set the current group ID.",
					"HELP", "    Print this help.");
			ctx.reply().array(help.size());
			help.forEach(ctx.reply()::simple);
		});
		b.handle("xreadgroup", this::xreadgroup);
		b.handle("xack", this::xack);
		b.handle("xpending", this::xpending);
		b.handle("xclaim", this::xclaim);
		b.handle("xautoclaim", this::xautoclaim);
	}

	private static String name(CommandContext ctx, int i) {
		return new String(ctx.arg(i), StandardCharsets.ISO_8859_1);
	}

	private void xgroup(CommandContext ctx, String op) {
		boolean mkStream = false;
		long entriesRead = -1;
		if (op.equals("CREATE") || op.equals("SETID")) {
			for (int i = 5; i < ctx.argc(); i++) {
				if (op.equals("CREATE") && ctx.is(i, "MKSTREAM")) {
					mkStream = true;
				}
				else if (ctx.is(i, "ENTRIESREAD") && i + 1 < ctx.argc()) {
					entriesRead = ctx.longArg(++i);
					if (entriesRead < 0 && entriesRead != -1) {
						throw new CommandException("ERR value for ENTRIESREAD must be positive or -1");
					}
				}
				else {
					throw CommandException.syntax();
				}
			}
		}
		Db db = ctx.db();
		byte[] key = ctx.key(2);
		String group = name(ctx, 3);
		StreamValue s = db.readTyped(key, StreamValue.class);
		if (!mkStream) {
			if (s == null) {
				throw new CommandException("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you "
						+ "may want to use the MKSTREAM option to create an empty stream automatically.");
			}
			if (s.group(group) == null && !op.equals("CREATE") && !op.equals("DESTROY")) {
				throw new CommandException("NOGROUP No such consumer group '" + group + "' for key name '"
						+ new String(key, StandardCharsets.UTF_8) + "'");
			}
		}
		long now = CommandClock.now();
		long read = entriesRead;
		switch (op) {
			case "CREATE" -> {
				boolean dollar = ctx.is(4, "$");
				Id requested = dollar ? null : StreamCommands.parseId(ctx.arg(4), 0, true);
				boolean created = db.update(key, StreamValue.class, StreamValue::new, st -> {
					Id id = dollar ? st.lastId() : requested;
					return st.createGroup(group, id, read) != null;
				});
				if (!created) {
					throw new CommandException("BUSYGROUP Consumer Group name already exists");
				}
				ctx.reply().ok();
			}
			case "SETID" -> {
				boolean dollar = ctx.is(4, "$");
				Id requested = dollar ? null : StreamCommands.parseId(ctx.arg(4), 0, false);
				db.update(key, StreamValue.class, null, st -> {
					ConsumerGroup g = st.group(group);
					g.lastId = dollar ? st.lastId() : requested;
					g.entriesRead = read;
					return null;
				});
				ctx.reply().ok();
			}
			case "DESTROY" -> ctx.reply().integer(db.update(key, StreamValue.class, null,
					st -> (st != null && st.destroyGroup(group)) ? 1L : 0L));
			case "CREATECONSUMER" -> {
				long created = db.update(key, StreamValue.class, null,
						st -> st.group(group).createConsumer(name(ctx, 4), now) ? 1L : 0L);
				if (created == 1) {
					ctx.server().notifier().follow('t', "xgroup-createconsumer", ctx.session().db(), key);
				}
				ctx.reply().integer(created);
			}
			default -> ctx.reply().integer(db.update(key, StreamValue.class, null,
					st -> st.group(group).deleteConsumer(name(ctx, 4))));
		}
	}

	private static CommandException noGroup(CommandContext ctx, int keyIndex, String group, String suffix) {
		return new CommandException("NOGROUP No such key '" + ctx.string(keyIndex) + "' or consumer group '" + group + "'"
				+ suffix);
	}

	private void xreadgroup(CommandContext ctx) {
		if (!ctx.is(1, "GROUP")) {
			throw CommandException.syntax();
		}
		String group = name(ctx, 2);
		String consumerName = name(ctx, 3);
		long count = 0;
		long block = -1;
		boolean noAck = false;
		int streams = -1;
		for (int i = 4; i < ctx.argc(); i++) {
			int more = ctx.argc() - 1 - i;
			if (ctx.is(i, "BLOCK") && more > 0) {
				block = StreamCommands.blockMillis(ctx, ++i);
			}
			else if (ctx.is(i, "COUNT") && more > 0) {
				count = Math.max(0, ctx.longArg(++i));
			}
			else if (ctx.is(i, "NOACK")) {
				noAck = true;
			}
			else if (ctx.is(i, "STREAMS") && more > 0) {
				streams = i;
				break;
			}
			else {
				throw CommandException.syntax();
			}
		}
		if (streams < 0) {
			throw CommandException.syntax();
		}
		int remaining = ctx.argc() - streams - 1;
		if (remaining % 2 != 0) {
			throw new CommandException("ERR Unbalanced 'xreadgroup' list of streams: for each stream key an ID or '>' "
					+ "must be specified.");
		}
		int n = remaining / 2;
		Db db = ctx.db();
		List<Id> ids = new ArrayList<>();
		for (int k = 0; k < n; k++) {
			byte[] idArg = ctx.arg(streams + 1 + n + k);
			ids.add((idArg.length == 1 && idArg[0] == '>') ? null : StreamCommands.parseId(idArg, 0, true));
		}
		for (int k = 0; k < n; k++) {
			StreamValue s = db.readTyped(ctx.key(streams + 1 + k), StreamValue.class);
			if (s == null || s.group(group) == null) {
				throw noGroup(ctx, streams + 1 + k, group, " in XREADGROUP with GROUP option");
			}
		}
		long now = CommandClock.now();
		List<byte[]> keys = new ArrayList<>();
		List<byte[]> outKeys = new ArrayList<>();
		List<List<Entry>> outEntries = new ArrayList<>();
		boolean anyHistory = false;
		for (int k = 0; k < n; k++) {
			byte[] key = ctx.key(streams + 1 + k);
			keys.add(key);
			Id id = ids.get(k);
			long limit = (count > 0) ? count : Long.MAX_VALUE;
			boolean ack = noAck;
			List<Entry> entries = db.update(key, StreamValue.class, null, s -> {
				ConsumerGroup g = s.group(group);
				if (g.consumer(consumerName) == null) {
					ctx.server().notifier().follow('t', "xgroup-createconsumer", ctx.session().db(), key);
				}
				Consumer c = g.consumerFor(consumerName, now);
				List<Entry> out = new ArrayList<>();
				if (id == null) {
					Id from = g.lastId.next();
					if (from != null) {
						for (Entry e : s.range(from, Id.MAX, false, (limit == Long.MAX_VALUE) ? -1 : limit)) {
							if (g.entriesRead >= 0 && !s.hasTombstonesAfter(e.id())) {
								g.entriesRead++;
							}
							else if (s.entriesAdded() > 0) {
								g.entriesRead = s.estimateEntriesRead(e.id());
							}
							g.lastId = e.id();
							if (!ack) {
								g.deliver(e.id(), c, now);
							}
							out.add(e);
						}
					}
				}
				else {
					Id from = id.next();
					if (from != null) {
						// re-reading its history counts as a new delivery, as in Redis
						for (Pending p : g.pendingRange(from, Id.MAX, limit, c)) {
							p.deliveryCount++;
							p.deliveryTime = now;
							out.add(new Entry(p.id, s.get(p.id)));
						}
					}
				}
				return out;
			});
			if (id != null) {
				anyHistory = true;
				outKeys.add(key);
				outEntries.add(entries);
			}
			else if (!entries.isEmpty()) {
				outKeys.add(key);
				outEntries.add(entries);
			}
		}
		if (outKeys.isEmpty() && !anyHistory) {
			ctx.blockOrReplyNull(keys, block, true);
			return;
		}
		StreamCommands.writeEntriesByKey(ctx.reply(), outKeys, outEntries);
	}

	private void xack(CommandContext ctx) {
		String group = name(ctx, 2);
		List<Id> ids = new ArrayList<>();
		for (int i = 3; i < ctx.argc(); i++) {
			ids.add(StreamCommands.parseId(ctx.arg(i), 0, true));
		}
		long acked = ctx.db().update(ctx.key(1), StreamValue.class, null, s -> {
			ConsumerGroup g = (s != null) ? s.group(group) : null;
			long n = 0;
			for (Id id : ids) {
				n += (g != null && g.ack(id)) ? 1 : 0;
			}
			return n;
		});
		ctx.reply().integer(acked);
	}

	private void xpending(CommandContext ctx) {
		String group = name(ctx, 2);
		boolean extended = ctx.argc() > 3;
		long minIdle = 0;
		int i = 3;
		if (extended && ctx.is(3, "IDLE") && ctx.argc() > 4) {
			minIdle = ctx.longArg(4);
			i = 5;
		}
		Id start = null;
		Id end = null;
		long count = 0;
		String consumerName = null;
		if (extended) {
			if (ctx.argc() - i < 3 || ctx.argc() - i > 4) {
				throw CommandException.syntax();
			}
			start = StreamCommands.parseId(ctx.arg(i), 0, false);
			end = StreamCommands.parseId(ctx.arg(i + 1), -1, false);
			count = Math.max(0, ctx.longArg(i + 2));
			if (ctx.argc() - i == 4) {
				consumerName = name(ctx, i + 3);
			}
		}
		StreamValue s = ctx.db().readTyped(ctx.key(1), StreamValue.class);
		ConsumerGroup g = (s != null) ? s.group(group) : null;
		if (g == null) {
			throw noGroup(ctx, 1, group, "");
		}
		Reply reply = ctx.reply();
		if (!extended) {
			reply.array(4);
			reply.integer(g.pending.size());
			if (g.pending.isEmpty()) {
				reply.nullBulk();
				reply.nullBulk();
				reply.nullArray();
				return;
			}
			StreamCommands.writeId(reply, g.pending.firstKey());
			StreamCommands.writeId(reply, g.pending.lastKey());
			List<Consumer> withPending = g.consumers.values().stream().filter(c -> !c.pending.isEmpty()).toList();
			reply.array(withPending.size());
			for (Consumer c : withPending) {
				reply.array(2);
				reply.bulk(c.name.getBytes(StandardCharsets.ISO_8859_1));
				reply.bulk(Long.toString(c.pending.size()));
			}
			return;
		}
		Consumer only = (consumerName != null) ? g.consumer(consumerName) : null;
		long now = CommandClock.now();
		List<Pending> out = new ArrayList<>();
		if (consumerName == null || only != null) {
			for (Pending p : g.pendingRange(start, end, Long.MAX_VALUE, only)) {
				if (out.size() >= count) {
					break;
				}
				if (now - p.deliveryTime >= minIdle) {
					out.add(p);
				}
			}
		}
		reply.array(out.size());
		for (Pending p : out) {
			reply.array(4);
			StreamCommands.writeId(reply, p.id);
			reply.bulk(p.owner.name.getBytes(StandardCharsets.ISO_8859_1));
			reply.integer(now - p.deliveryTime);
			reply.integer(p.deliveryCount);
		}
	}

	/** XCLAIM / XAUTOCLAIM's min-idle-time (argument 4), negative read as 0 as Redis does. */
	private static long minIdleArg(CommandContext ctx, String command) {
		try {
			return Math.max(0, ctx.args().longValue(4));
		}
		catch (NumberFormatException ex) {
			throw new CommandException("ERR Invalid min-idle-time argument for " + command);
		}
	}

	private void xclaim(CommandContext ctx) {
		String group = name(ctx, 2);
		String consumerName = name(ctx, 3);
		long minIdle = minIdleArg(ctx, "XCLAIM");
		List<Id> ids = new ArrayList<>();
		int i = 5;
		for (; i < ctx.argc(); i++) {
			try {
				ids.add(StreamCommands.parseId(ctx.arg(i), 0, true));
			}
			catch (CommandException ex) {
				break;
			}
		}
		long now = CommandClock.now();
		long deliveryTime = now;
		long retryCount = -1;
		boolean force = false;
		boolean justId = false;
		for (; i < ctx.argc(); i++) {
			int more = ctx.argc() - 1 - i;
			if (ctx.is(i, "FORCE")) {
				force = true;
			}
			else if (ctx.is(i, "JUSTID")) {
				justId = true;
			}
			else if (ctx.is(i, "IDLE") && more > 0) {
				deliveryTime = now - option(ctx, ++i, "IDLE");
			}
			else if (ctx.is(i, "TIME") && more > 0) {
				deliveryTime = option(ctx, ++i, "TIME");
			}
			else if (ctx.is(i, "RETRYCOUNT") && more > 0) {
				retryCount = option(ctx, ++i, "RETRYCOUNT");
			}
			else if (ctx.is(i, "LASTID") && more > 0) {
				StreamCommands.parseId(ctx.arg(++i), 0, true);
			}
			else {
				throw new CommandException("ERR Unrecognized XCLAIM option '" + ctx.string(i) + "'");
			}
		}
		StreamValue check = ctx.db().readTyped(ctx.key(1), StreamValue.class);
		if (check == null || check.group(group) == null) {
			throw noGroup(ctx, 1, group, "");
		}
		long time = deliveryTime;
		long retries = retryCount;
		boolean fForce = force;
		boolean fJustId = justId;
		List<Entry> claimed = ctx.db().update(ctx.key(1), StreamValue.class, null, s -> {
			ConsumerGroup g = s.group(group);
			if (g.consumer(consumerName) == null) {
				ctx.server().notifier().follow('t', "xgroup-createconsumer", ctx.session().db(), ctx.key(1));
			}
			Consumer c = g.consumerFor(consumerName, now);
			List<Entry> out = new ArrayList<>();
			for (Id id : ids) {
				Pending p = g.pending.get(id);
				byte[][] fields = s.get(id);
				if (p == null) {
					if (!fForce || fields == null) {
						continue;
					}
					g.deliver(id, c, now);
					p = g.pending.get(id);
					p.deliveryCount = 0;
				}
				else if (now - p.deliveryTime < minIdle) {
					continue;
				}
				if (fields == null) {
					g.dropPending(p);
					continue;
				}
				g.transfer(p, c);
				p.deliveryTime = time;
				if (retries >= 0) {
					p.deliveryCount = retries;
				}
				else if (!fJustId) {
					p.deliveryCount++;
				}
				out.add(new Entry(id, fields));
			}
			return out;
		});
		reply(ctx.reply(), claimed, justId);
	}

	private static long option(CommandContext ctx, int i, String option) {
		try {
			return ctx.args().longValue(i);
		}
		catch (NumberFormatException ex) {
			throw new CommandException("ERR Invalid " + option + " option argument for XCLAIM");
		}
	}

	private static void reply(Reply reply, List<Entry> entries, boolean justId) {
		if (justId) {
			reply.array(entries.size());
			entries.forEach(e -> StreamCommands.writeId(reply, e.id()));
		}
		else {
			StreamCommands.writeEntries(reply, entries);
		}
	}

	private void xautoclaim(CommandContext ctx) {
		String group = name(ctx, 2);
		String consumerName = name(ctx, 3);
		long minIdle = minIdleArg(ctx, "XAUTOCLAIM");
		Id start = StreamCommands.parseId(ctx.arg(5), 0, false);
		long count = 100;
		boolean justId = false;
		for (int i = 6; i < ctx.argc(); i++) {
			if (ctx.is(i, "COUNT") && i + 1 < ctx.argc()) {
				count = ctx.longArg(++i);
				if (count < 1 || count > Long.MAX_VALUE / 10) {
					throw new CommandException("ERR COUNT must be > 0");
				}
			}
			else if (ctx.is(i, "JUSTID")) {
				justId = true;
			}
			else {
				throw CommandException.syntax();
			}
		}
		StreamValue check = ctx.db().readTyped(ctx.key(1), StreamValue.class);
		if (check == null || check.group(group) == null) {
			throw noGroup(ctx, 1, group, "");
		}
		long now = CommandClock.now();
		long limit = count;
		boolean fJustId = justId;
		List<Id> deleted = new ArrayList<>();
		Id[] next = new Id[1];
		List<Entry> claimed = ctx.db().update(ctx.key(1), StreamValue.class, null, s -> {
			ConsumerGroup g = s.group(group);
			if (g.consumer(consumerName) == null) {
				ctx.server().notifier().follow('t', "xgroup-createconsumer", ctx.session().db(), ctx.key(1));
			}
			Consumer c = g.consumerFor(consumerName, now);
			List<Entry> out = new ArrayList<>();
			long attempts = limit * 10;
			next[0] = Id.MIN;
			List<Pending> candidates = g.pendingRange(start, Id.MAX, Long.MAX_VALUE, null);
			int k = 0;
			for (; k < candidates.size() && attempts > 0 && out.size() < limit; k++) {
				Pending p = candidates.get(k);
				attempts--;
				byte[][] fields = s.get(p.id);
				if (fields == null) {
					deleted.add(p.id);
					g.dropPending(p);
					continue;
				}
				if (now - p.deliveryTime < minIdle) {
					continue;
				}
				g.transfer(p, c);
				p.deliveryTime = now;
				if (!fJustId) {
					p.deliveryCount++;
				}
				out.add(new Entry(p.id, fields));
			}
			if (k < candidates.size()) {
				next[0] = candidates.get(k).id;
			}
			return out;
		});
		Reply reply = ctx.reply();
		reply.array(3);
		StreamCommands.writeId(reply, next[0]);
		reply(reply, claimed, justId);
		reply.array(deleted.size());
		deleted.forEach(id -> StreamCommands.writeId(reply, id));
	}

}
