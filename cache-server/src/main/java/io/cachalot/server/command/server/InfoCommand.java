package io.cachalot.server.command.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.cachalot.server.ServerContext;
import io.cachalot.server.persistence.RdbPersistence;
import io.cachalot.server.ServerInfo;
import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandSpec;
import io.cachalot.server.command.LatencyHistogram;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.config.Percentiles;
import io.cachalot.server.store.Keyspace;
import io.cachalot.server.store.Keyspace.KeyspaceStats;

/**
 * INFO, with Redis 7.0's section and field names so dashboards and exporters read it
 * unchanged. Fields for features Cachalot does not have yet report Redis's idle values.
 */
public final class InfoCommand implements CommandFamily {

	private static final List<String> DEFAULT_SECTIONS = List.of("server", "clients", "memory", "persistence",
			"stats", "replication", "cpu", "modules", "errorstats", "cluster", "keyspace");

	private static final List<String> ALL_SECTIONS = List.of("server", "clients", "memory", "persistence", "stats",
			"replication", "cpu", "modules", "commandstats", "errorstats", "latencystats", "cluster", "keyspace");

	@Override
	public void register(Binder b) {
		b.handle("info", ctx -> ctx.reply().verbatim(render(ctx.server(), sections(ctx))));
	}

	private static Set<String> sections(CommandContext ctx) {
		Set<String> out = new LinkedHashSet<>();
		if (ctx.argc() == 1) {
			out.addAll(DEFAULT_SECTIONS);
			return out;
		}
		for (int i = 1; i < ctx.argc(); i++) {
			String s = ctx.string(i).toLowerCase(Locale.ROOT);
			switch (s) {
				case "default" -> out.addAll(DEFAULT_SECTIONS);
				case "all", "everything" -> out.addAll(ALL_SECTIONS);
				default -> out.add(s);
			}
		}
		return out;
	}

	/** The INFO text for the given sections, in Redis's section order. */
	public static String render(ServerContext server, Set<String> wanted) {
		StringBuilder sb = new StringBuilder();
		for (String section : ALL_SECTIONS) {
			if (!wanted.contains(section)) {
				continue;
			}
			if (sb.length() > 0) {
				sb.append("\r\n");
			}
			String title = section.equals("cpu") ? "CPU"
					: Character.toUpperCase(section.charAt(0)) + section.substring(1);
			sb.append("# ").append(title).append("\r\n");
			switch (section) {
				case "server" -> server(server, sb);
				case "clients" -> clients(server, sb);
				case "memory" -> memory(server, sb);
				case "persistence" -> persistence(server, sb);
				case "stats" -> stats(server, sb);
				case "replication" -> replication(sb, server);
				case "cpu" -> cpu(sb);
				case "commandstats" -> commandstats(server, sb);
				case "errorstats" -> errorstats(server, sb);
				case "latencystats" -> latencystats(server, sb);
				case "cluster" -> field(sb, "cluster_enabled", 0);
				case "keyspace" -> keyspace(server, sb);
				default -> {
				}
			}
		}
		return sb.toString();
	}

	private static void field(StringBuilder sb, String name, Object value) {
		sb.append(name).append(':').append(value).append("\r\n");
	}

	private static void server(ServerContext s, StringBuilder sb) {
		long uptime = (System.currentTimeMillis() - s.startMillis()) / 1000;
		field(sb, "redis_version", ServerInfo.REDIS_VERSION);
		field(sb, "redis_git_sha1", "00000000");
		field(sb, "redis_git_dirty", 0);
		field(sb, "redis_build_id", "0");
		field(sb, "redis_mode", "standalone");
		field(sb, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
				+ System.getProperty("os.arch"));
		field(sb, "arch_bits", 64);
		field(sb, "monotonic_clock", "POSIX clock_gettime");
		field(sb, "multiplexing_api", "epoll");
		field(sb, "process_id", ProcessHandle.current().pid());
		field(sb, "process_supervised", "no");
		field(sb, "run_id", s.runId());
		field(sb, "tcp_port", s.port());
		field(sb, "server_time_usec", System.currentTimeMillis() * 1000);
		field(sb, "uptime_in_seconds", uptime);
		field(sb, "uptime_in_days", uptime / 86400);
		field(sb, "hz", s.config().get("hz"));
		field(sb, "configured_hz", s.config().get("hz"));
		field(sb, "lru_clock", (System.currentTimeMillis() / 1000) & ((1 << 24) - 1));
		field(sb, "executable", "cachalot-server");
		field(sb, "config_file", (s.config().file() != null) ? s.config().file() : "");
		field(sb, "io_threads_active", 0);
		field(sb, "cachalot_version", ServerInfo.VERSION);
		field(sb, "java_version", Runtime.version());
	}

	private static void clients(ServerContext s, StringBuilder sb) {
		field(sb, "connected_clients", s.clients().count());
		field(sb, "cluster_connections", 0);
		field(sb, "maxclients", s.maxClients());
		field(sb, "client_recent_max_input_buffer", 0);
		field(sb, "client_recent_max_output_buffer", 0);
		field(sb, "blocked_clients", s.blocking().size());
		field(sb, "tracking_clients", s.tracking().trackingClients());
		field(sb, "clients_in_timeout_table", 0);
	}

	private static void memory(ServerContext s, StringBuilder sb) {
		long used = s.updateMemoryPeak();
		long peak = s.memoryPeak();
		long rss = residentSetSize();
		long max = s.evictor().maxmemory();
		long total = totalSystemMemory();
		Runtime rt = Runtime.getRuntime();
		field(sb, "used_memory", used);
		field(sb, "used_memory_human", human(used));
		field(sb, "used_memory_rss", rss);
		field(sb, "used_memory_rss_human", human(rss));
		field(sb, "used_memory_peak", peak);
		field(sb, "used_memory_peak_human", human(peak));
		field(sb, "used_memory_peak_perc", percent(used, peak));
		field(sb, "used_memory_overhead", 0);
		field(sb, "used_memory_startup", 0);
		field(sb, "used_memory_dataset", used);
		field(sb, "used_memory_dataset_perc", "100.00%");
		field(sb, "total_system_memory", total);
		field(sb, "total_system_memory_human", human(total));
		var scripts = s.scripts();
		long vmEval = scripts.scripts().compiledMemory();
		long vmFunctions = scripts.functions().compiledMemory();
		long scriptsMemory = scripts.scripts().memory() + scripts.functions().sourceMemory();
		field(sb, "used_memory_lua", vmEval);
		field(sb, "used_memory_vm_eval", vmEval);
		field(sb, "used_memory_lua_human", human(vmEval));
		field(sb, "used_memory_scripts_eval", scripts.scripts().memory());
		field(sb, "number_of_cached_scripts", scripts.scripts().size());
		field(sb, "number_of_functions", scripts.functions().functionCount());
		field(sb, "number_of_libraries", scripts.functions().libraries().size());
		field(sb, "used_memory_vm_functions", vmFunctions);
		field(sb, "used_memory_vm_total", vmEval + vmFunctions);
		field(sb, "used_memory_vm_total_human", human(vmEval + vmFunctions));
		field(sb, "used_memory_functions", scripts.functions().sourceMemory());
		field(sb, "used_memory_scripts", scriptsMemory);
		field(sb, "used_memory_scripts_human", human(scriptsMemory));
		field(sb, "maxmemory", max);
		field(sb, "maxmemory_human", human(max));
		field(sb, "maxmemory_policy", s.evictor().policy().configName());
		field(sb, "mem_fragmentation_ratio", String.format(Locale.ROOT, "%.2f", (used > 0) ? (double) rss / used : 0));
		field(sb, "mem_allocator", "jvm");
		field(sb, "lazyfree_pending_objects", 0);
		field(sb, "jvm_heap_used", rt.totalMemory() - rt.freeMemory());
		field(sb, "jvm_heap_committed", rt.totalMemory());
		field(sb, "jvm_heap_max", rt.maxMemory());
	}

	private static void persistence(ServerContext s, StringBuilder sb) {
		field(sb, "loading", 0);
		field(sb, "async_loading", 0);
		RdbPersistence rdb = s.persistence();
		field(sb, "rdb_changes_since_last_save", rdb.changesSinceLastSave());
		field(sb, "rdb_bgsave_in_progress", rdb.backgroundSaveInProgress() ? 1 : 0);
		field(sb, "rdb_last_save_time", rdb.lastSaveSeconds());
		field(sb, "rdb_last_bgsave_status", rdb.lastBackgroundSaveOk() ? "ok" : "err");
		field(sb, "rdb_last_bgsave_time_sec", rdb.lastBackgroundSaveSeconds());
		field(sb, "rdb_current_bgsave_time_sec", rdb.currentBackgroundSaveSeconds());
		field(sb, "aof_enabled", s.config().get("appendonly").equals("yes") ? 1 : 0);
		field(sb, "aof_rewrite_in_progress", 0);
		field(sb, "aof_rewrite_scheduled", 0);
		field(sb, "aof_last_rewrite_time_sec", -1);
		field(sb, "aof_current_rewrite_time_sec", -1);
		field(sb, "aof_last_bgrewrite_status", "ok");
		field(sb, "aof_last_write_status", "ok");
		field(sb, "module_fork_in_progress", 0);
	}

	private static void stats(ServerContext s, StringBuilder sb) {
		KeyspaceStats ks = s.keyspace().stats();
		var st = s.stats();
		field(sb, "total_connections_received", st.connectionsReceived.sum());
		field(sb, "total_commands_processed", s.commands().totalCalls());
		field(sb, "instantaneous_ops_per_sec", st.opsPerSecond());
		field(sb, "total_net_input_bytes", st.netInputBytes.sum());
		field(sb, "total_net_output_bytes", st.netOutputBytes.sum());
		field(sb, "instantaneous_input_kbps", String.format(Locale.ROOT, "%.2f", st.inputKbps()));
		field(sb, "instantaneous_output_kbps", String.format(Locale.ROOT, "%.2f", st.outputKbps()));
		field(sb, "rejected_connections", st.rejectedConnections.sum());
		field(sb, "sync_full", 0);
		field(sb, "sync_partial_ok", 0);
		field(sb, "sync_partial_err", 0);
		field(sb, "expired_keys", ks.expiredKeys());
		field(sb, "expired_stale_perc", "0.00");
		field(sb, "expired_time_cap_reached_count", 0);
		field(sb, "evicted_keys", ks.evictedKeys());
		field(sb, "evicted_clients", 0);
		field(sb, "keyspace_hits", ks.keyspaceHits());
		field(sb, "keyspace_misses", ks.keyspaceMisses());
		field(sb, "pubsub_channels", s.pubsub().activeChannels(io.cachalot.server.pubsub.PubSubRegistry.Kind.CHANNEL, null).size());
		field(sb, "pubsub_patterns", s.pubsub().patternCount());
		field(sb, "pubsubshard_channels", s.pubsub().activeChannels(io.cachalot.server.pubsub.PubSubRegistry.Kind.SHARD, null).size());
		field(sb, "latest_fork_usec", 0);
		field(sb, "total_forks", 0);
		field(sb, "tracking_total_keys", s.tracking().trackedKeys());
		field(sb, "unexpected_error_replies", 0);
		field(sb, "total_error_replies", st.errorReplies.sum());
		field(sb, "total_reads_processed", 0);
		field(sb, "total_writes_processed", 0);
	}

	private static void replication(StringBuilder sb, ServerContext s) {
		io.cachalot.server.replication.ReplicaLink link = s.replication().link();
		if (link != null) {
			boolean up = link.state() == io.cachalot.server.replication.ReplicaLink.State.CONNECTED;
			field(sb, "role", "slave");
			field(sb, "master_host", link.host());
			field(sb, "master_port", link.port());
			field(sb, "master_link_status", up ? "up" : "down");
			field(sb, "master_last_io_seconds_ago", link.lastIoSecondsAgo());
			field(sb, "master_sync_in_progress", (link.state() == io.cachalot.server.replication.ReplicaLink.State.SYNC) ? 1 : 0);
			field(sb, "slave_read_repl_offset", link.offset());
			field(sb, "slave_repl_offset", link.offset());
			field(sb, "slave_priority", 100);
			field(sb, "slave_read_only", s.replication().readOnly() ? 1 : 0);
			field(sb, "replica_announced", 1);
		}
		else {
			field(sb, "role", "master");
		}
		field(sb, "connected_slaves", 0);
		field(sb, "master_failover_state", "no-failover");
		// a replica reports its primary's replication ID and its own offset in that history
		field(sb, "master_replid", (link != null) ? link.primaryReplicationId() : "0000000000000000000000000000000000000000");
		field(sb, "master_replid2", "0000000000000000000000000000000000000000");
		field(sb, "master_repl_offset", (link != null) ? link.offset() : 0);
		field(sb, "second_repl_offset", -1);
		field(sb, "repl_backlog_active", 0);
		field(sb, "repl_backlog_size", 1048576);
		field(sb, "repl_backlog_first_byte_offset", 0);
		field(sb, "repl_backlog_histlen", 0);
	}

	private static void cpu(StringBuilder sb) {
		double[] cpu = processCpuSeconds();
		field(sb, "used_cpu_sys", String.format(Locale.ROOT, "%.6f", cpu[0]));
		field(sb, "used_cpu_user", String.format(Locale.ROOT, "%.6f", cpu[1]));
		field(sb, "used_cpu_sys_children", "0.000000");
		field(sb, "used_cpu_user_children", "0.000000");
	}

	private static void commandstats(ServerContext s, StringBuilder sb) {
		for (CommandSpec spec : s.commands().allSpecs()) {
			long calls = spec.calls();
			if (calls == 0 && spec.rejectedCalls() == 0 && spec.failedCalls() == 0) {
				continue;
			}
			long usec = spec.micros();
			sb.append("cmdstat_").append(spec.name()).append(":calls=").append(calls).append(",usec=").append(usec)
				.append(",usec_per_call=")
				.append(String.format(Locale.ROOT, "%.2f", (calls > 0) ? (double) usec / calls : 0))
				.append(",rejected_calls=").append(spec.rejectedCalls()).append(",failed_calls=")
				.append(spec.failedCalls()).append("\r\n");
		}
	}

	/** Each called command's latency percentiles (latency-tracking-info-percentiles), in microseconds. */
	private static void latencystats(ServerContext s, StringBuilder sb) {
		double[] percentiles = s.latencyPercentiles();
		for (CommandSpec spec : s.commands().allSpecs()) {
			LatencyHistogram histogram = spec.latencyHistogram();
			if (histogram == null) {
				continue;
			}
			sb.append("latency_percentiles_usec_").append(spec.name()).append(':');
			for (int i = 0; i < percentiles.length; i++) {
				sb.append((i == 0) ? "" : ",").append('p').append(Percentiles.format(percentiles[i])).append('=')
					.append(String.format(Locale.ROOT, "%.3f", histogram.valueAtPercentile(percentiles[i]) / 1000.0));
			}
			sb.append("\r\n");
		}
	}

	private static void errorstats(ServerContext s, StringBuilder sb) {
		for (Map.Entry<String, Long> e : s.stats().errorCounts().entrySet()) {
			sb.append("errorstat_").append(e.getKey()).append(":count=").append(e.getValue()).append("\r\n");
		}
	}

	private static void keyspace(ServerContext s, StringBuilder sb) {
		Keyspace ks = s.keyspace();
		for (int db = 0; db < ks.databases(); db++) {
			long keys = ks.size(db);
			if (keys > 0) {
				sb.append("db").append(db).append(":keys=").append(keys).append(",expires=")
					.append(ks.volatileSize(db)).append(",avg_ttl=0\r\n");
			}
		}
	}

	private static String percent(long part, long whole) {
		return String.format(Locale.ROOT, "%.2f%%", (whole > 0) ? 100.0 * part / whole : 0);
	}

	/** Bytes as Redis's {@code bytesToHuman}: 1.50K, 12.00M ... */
	static String human(long n) {
		if (n < 1024) {
			return n + "B";
		}
		String units = "KMGTPE";
		double v = n;
		int u = -1;
		while (v >= 1024 && u < units.length() - 1) {
			v /= 1024;
			u++;
		}
		return String.format(Locale.ROOT, "%.2f%c", v, units.charAt(u));
	}

	static long residentSetSize() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not on Linux
		}
		Runtime rt = Runtime.getRuntime();
		return rt.totalMemory();
	}

	private static long totalSystemMemory() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getTotalMemorySize();
		}
		return 0;
	}

	/** {system, user} CPU seconds of this process. */
	private static double[] processCpuSeconds() {
		try {
			String stat = Files.readString(Path.of("/proc/self/stat"));
			String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			double user = Long.parseLong(f[11]) / 100.0;
			double sys = Long.parseLong(f[12]) / 100.0;
			return new double[] { sys, user };
		}
		catch (IOException | RuntimeException ex) {
			if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
				return new double[] { 0, os.getProcessCpuTime() / 1e9 };
			}
			return new double[] { 0, 0 };
		}
	}

}
