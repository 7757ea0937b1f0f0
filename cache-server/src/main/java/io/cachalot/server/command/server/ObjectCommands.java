package io.cachalot.server.command.server;

import java.util.List;

import io.cachalot.server.ServerContext;
import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.store.CommandClock;
import io.cachalot.server.store.Db;
import io.cachalot.server.store.Keyspace;
import io.cachalot.server.store.type.StringEncoding;
import io.cachalot.server.store.type.TypedValue;
import io.cachalot.server.util.Numbers;

/** OBJECT and MEMORY: per-key introspection and memory figures, from the store's own accounting. */
public final class ObjectCommands implements CommandFamily {

	private static final List<String> OBJECT_HELP = List.of(
			"OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
			"ENCODING <key>", "    Return the kind of internal representation used in order to store the value",
			"    associated with a <key>.",
			"FREQ <key>", "    Return the access frequency index of the <key>. The returned integer is",
			"    proportional to the logarithm of the recent access frequency of the key.",
			"IDLETIME <key>", "    Return the idle time of the <key>, that is the approximated number of",
			"    seconds elapsed since the last access to the key.",
			"REFCOUNT <key>", "    Return the number of references of the value associated with the specified",
			"    <key>.", "HELP", "    Print this help.");

	private static final List<String> MEMORY_HELP = List.of(
			"MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
			"DOCTOR", "    Return memory problems reports.",
			"MALLOC-STATS", "    Return internal statistics report from the memory allocator.",
			"PURGE", "    Attempt to purge dirty pages for reclamation by the allocator.",
			"STATS", "    Return information about the memory usage of the server.",
			"USAGE <key> [SAMPLES <count>]", "    Return memory in bytes used by <key> and its value. Nested values are",
			"    sampled up to <count> times (default: 5, 0 means sample all).",
			"HELP", "    Print this help.");

	@Override
	public void register(Binder b) {
		b.handle("object|encoding", ctx -> {
			Object v = ctx.db().peek(ctx.key(2));
			if (v == null) {
				ctx.reply().nullBulk();
			}
			else {
				ctx.reply().bulk((v instanceof byte[] s) ? StringEncoding.of(s, ctx.db().encodingHint(ctx.key(2)))
						: ((TypedValue) v).encoding());
			}
		});
		b.handle("object|freq", this::freq);
		b.handle("object|idletime", this::idletime);
		b.handle("object|refcount", ctx -> {
			Object v = ctx.db().peek(ctx.key(2));
			if (v == null) {
				ctx.reply().nullBulk();
			}
			else {
				ctx.reply().integer(isSharedInteger(ctx.server(), v) ? Integer.MAX_VALUE : 1);
			}
		});
		b.handle("object|help", ctx -> ctx.help(OBJECT_HELP));
		b.handle("memory|usage", this::usage);
		b.handle("memory|stats", this::stats);
		b.handle("memory|doctor", ctx -> ctx.reply().verbatim(
				"Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base."));
		b.handle("memory|malloc-stats", ctx -> {
			Runtime rt = Runtime.getRuntime();
			ctx.reply().verbatim("JVM heap: used=" + (rt.totalMemory() - rt.freeMemory()) + " committed="
					+ rt.totalMemory() + " max=" + rt.maxMemory() + "\n");
		});
		b.handle("memory|purge", ctx -> ctx.reply().ok());
		b.handle("memory|help", ctx -> ctx.help(MEMORY_HELP));
	}

	/**
	 * Redis shares the objects of small integers (0..9999) unless an LRU/LFU policy needs
	 * per-key access data; OBJECT REFCOUNT shows INT_MAX for them.
	 */
	private static boolean isSharedInteger(ServerContext server, Object v) {
		if (!(v instanceof byte[] s) || !Numbers.isCanonicalLong(s)) {
			return false;
		}
		long n = Numbers.parseLong(s);
		String policy = server.evictor().policy().configName();
		boolean noShared = server.evictor().maxmemory() > 0 && (policy.endsWith("lru") || policy.endsWith("lfu"));
		return n >= 0 && n < 10000 && !noShared;
	}

	private void freq(CommandContext ctx) {
		Db db = ctx.db();
		int word = db.accessWord(ctx.key(2));
		if (word < 0) {
			ctx.reply().nullBulk();
			return;
		}
		if (!ctx.server().evictor().policy().lfu()) {
			throw new CommandException("ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
					+ "Please note that when switching between policies at runtime LRU and LFU data will take some "
					+ "time to adjust.");
		}
		ctx.reply().integer(ctx.server().keyspace().lfuCounter(word, CommandClock.now()));
	}

	private void idletime(CommandContext ctx) {
		int word = ctx.db().accessWord(ctx.key(2));
		if (word < 0) {
			ctx.reply().nullBulk();
			return;
		}
		if (ctx.server().evictor().policy().lfu()) {
			throw new CommandException("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note "
					+ "that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
		}
		ctx.reply().integer(Keyspace.idleSeconds(word, CommandClock.now()));
	}

	private void usage(CommandContext ctx) {
		for (int i = 3; i < ctx.argc(); i++) {
			if (ctx.is(i, "SAMPLES") && i + 1 < ctx.argc()) {
				if (ctx.longArg(++i) < 0) {
					throw CommandException.syntax();
				}
			}
			else {
				throw CommandException.syntax();
			}
		}
		long bytes = ctx.db().memoryUsage(ctx.key(2));
		if (bytes < 0) {
			ctx.reply().nullBulk();
		}
		else {
			ctx.reply().integer(bytes);
		}
	}

	private void stats(CommandContext ctx) {
		ServerContext s = ctx.server();
		Keyspace ks = s.keyspace();
		long used = s.updateMemoryPeak();
		long keys = 0;
		int dbsWithKeys = 0;
		for (int db = 0; db < ks.databases(); db++) {
			long n = ks.size(db);
			keys += n;
			if (n > 0) {
				dbsWithKeys++;
			}
		}
		long rss = InfoCommand.residentSetSize();
		Reply r = ctx.reply();
		r.map(19 + dbsWithKeys);
		entry(r, "peak.allocated", s.memoryPeak());
		entry(r, "total.allocated", used);
		entry(r, "startup.allocated", 0);
		entry(r, "replication.backlog", 0);
		entry(r, "clients.slaves", 0);
		entry(r, "clients.normal", 0);
		entry(r, "cluster.links", 0);
		entry(r, "aof.buffer", 0);
		entry(r, "lua.caches", 0);
		entry(r, "functions.caches", 0);
		entry(r, "overhead.total", 0);
		entry(r, "keys.count", keys);
		entry(r, "keys.bytes-per-key", (keys > 0) ? used / keys : 0);
		entry(r, "dataset.bytes", used);
		r.bulk("dataset.percentage");
		r.doubleValue(100.0);
		r.bulk("peak.percentage");
		r.doubleValue((s.memoryPeak() > 0) ? 100.0 * used / s.memoryPeak() : 100.0);
		entry(r, "allocator.resident", rss);
		r.bulk("fragmentation");
		r.doubleValue((used > 0) ? (double) rss / used : 0);
		entry(r, "fragmentation.bytes", rss - used);
		for (int db = 0; db < ks.databases(); db++) {
			if (ks.size(db) > 0) {
				r.bulk("db." + db);
				r.map(2);
				entry(r, "overhead.hashtable.main", 0);
				entry(r, "overhead.hashtable.expires", 0);
			}
		}
	}

	private static void entry(Reply r, String name, long value) {
		r.bulk(name);
		r.integer(value);
	}

}
