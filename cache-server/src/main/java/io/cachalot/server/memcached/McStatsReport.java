package io.cachalot.server.memcached;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import io.cachalot.server.ServerContext;
import io.cachalot.server.ServerInfo;
import io.cachalot.server.protocol.memcached.McRequest;
import io.cachalot.server.protocol.memcached.McWriter;
import io.cachalot.server.store.Keyspace;

/**
 * {@code stats}, {@code stats settings}, {@code stats items}, {@code stats slabs} and
 * {@code stats reset} with memcached's field names, so monitoring tools that read memcached
 * read the memcached engine. Memory, items and evictions are the shared keyspace's (database 0
 * holds the items; memory and evictions are the whole server's, as both engines share them).
 * There are no slab classes: {@code items} and {@code slabs} report none.
 */
final class McStatsReport {

	private final ServerContext server;

	private final McStats stats;

	McStatsReport(ServerContext server, McStats stats) {
		this.server = server;
		this.stats = stats;
	}

	void stats(McRequest r, McWriter out) {
		if (r.tokenCount() == 1) {
			general(out);
			return;
		}
		switch (r.text(1)) {
			case "reset" -> {
				this.stats.reset();
				out.line("RESET");
				return;
			}
			case "settings" -> settings(out);
			case "items" -> {
			}
			case "slabs" -> {
				stat(out, "active_slabs", 0);
				stat(out, "total_malloced", this.server.keyspace().usedBytes());
			}
			default -> {
				out.line("ERROR");
				return;
			}
		}
		out.line("END");
	}

	private void general(McWriter out) {
		long now = System.currentTimeMillis();
		Keyspace keyspace = this.server.keyspace();
		Keyspace.KeyspaceStats ks = keyspace.stats();
		stat(out, "pid", ProcessHandle.current().pid());
		stat(out, "uptime", (now - this.server.startMillis()) / 1000);
		stat(out, "time", now / 1000);
		stat(out, "version", ServerInfo.MEMCACHED_VERSION);
		stat(out, "cachalot_version", ServerInfo.VERSION);
		stat(out, "pointer_size", 64);
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
			stat(out, "rusage_user", String.format("%.6f", sun.getProcessCpuTime() / 1e9));
		}
		stat(out, "max_connections", this.server.maxClients());
		stat(out, "curr_connections", this.stats.currConnections.sum());
		stat(out, "total_connections", this.stats.totalConnections.sum());
		stat(out, "rejected_connections", this.stats.rejectedConnections.sum());
		stat(out, "cmd_get", this.stats.cmdGet.sum());
		stat(out, "cmd_set", this.stats.cmdSet.sum());
		stat(out, "cmd_flush", this.stats.cmdFlush.sum());
		stat(out, "cmd_touch", this.stats.cmdTouch.sum());
		stat(out, "cmd_meta", this.stats.cmdMeta.sum());
		stat(out, "get_hits", this.stats.getHits.sum());
		stat(out, "get_misses", this.stats.getMisses.sum());
		stat(out, "delete_misses", this.stats.deleteMisses.sum());
		stat(out, "delete_hits", this.stats.deleteHits.sum());
		stat(out, "incr_misses", this.stats.incrMisses.sum());
		stat(out, "incr_hits", this.stats.incrHits.sum());
		stat(out, "decr_misses", this.stats.decrMisses.sum());
		stat(out, "decr_hits", this.stats.decrHits.sum());
		stat(out, "cas_misses", this.stats.casMisses.sum());
		stat(out, "cas_hits", this.stats.casHits.sum());
		stat(out, "cas_badval", this.stats.casBadval.sum());
		stat(out, "touch_hits", this.stats.touchHits.sum());
		stat(out, "touch_misses", this.stats.touchMisses.sum());
		stat(out, "bytes_read", this.stats.bytesRead.sum());
		stat(out, "bytes_written", this.stats.bytesWritten.sum());
		stat(out, "limit_maxbytes", this.server.evictor().maxmemory());
		stat(out, "threads", this.server.config().getInt("io-threads"));
		stat(out, "bytes", keyspace.usedBytes());
		stat(out, "curr_items", keyspace.size(0));
		stat(out, "total_items", this.stats.totalItems.sum());
		stat(out, "expired_unfetched", 0);
		stat(out, "evicted_unfetched", 0);
		stat(out, "evictions", ks.evictedKeys());
		stat(out, "reclaimed", ks.expiredKeys());
		out.line("END");
	}

	private void settings(McWriter out) {
		stat(out, "maxbytes", this.server.evictor().maxmemory());
		stat(out, "maxconns", this.server.maxClients());
		stat(out, "tcpport", this.server.config().getInt("memcached-port"));
		stat(out, "evictions", "noeviction".equals(this.server.config().get("maxmemory-policy")) ? "off" : "on");
		stat(out, "num_threads", this.server.config().getInt("io-threads"));
		stat(out, "cas_enabled", "yes");
		stat(out, "item_size_max", this.server.config().getLong("memcached-max-item-size"));
		stat(out, "binding_protocol", "ascii");
		stat(out, "auth_enabled_sasl", "no");
		stat(out, "auth_enabled_ascii", "no");
	}

	private static void stat(McWriter out, String name, Object value) {
		out.text("STAT ").text(name).text(" ").text(String.valueOf(value)).endLine();
	}

}
