package io.cachalot.server;

import java.util.List;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import io.cachalot.server.command.ClientPause;
import io.cachalot.server.command.Clients;
import io.cachalot.server.command.blocking.BlockingRegistry;
import io.cachalot.server.command.CommandTable;
import io.cachalot.server.command.ServerStats;
import io.cachalot.server.config.Percentiles;
import io.cachalot.server.config.ServerConfig;
import io.cachalot.server.command.introspection.LatencyMonitor;
import io.cachalot.server.command.introspection.MonitorFeed;
import io.cachalot.server.command.introspection.SlowLog;
import io.cachalot.server.command.notify.KeyspaceNotifier;
import io.cachalot.server.command.tracking.TrackingTable;
import io.cachalot.server.command.transaction.WatchRegistry;
import io.cachalot.server.script.ScriptEngine;
import io.cachalot.server.persistence.RdbPersistence;
import io.cachalot.server.replication.Replication;
import io.cachalot.server.pubsub.OutputBufferLimits;
import io.cachalot.server.pubsub.PubSubRegistry;
import io.cachalot.server.store.Keyspace;
import io.cachalot.server.store.KeyspaceListeners;
import io.cachalot.server.store.eviction.EvictionPolicy;
import io.cachalot.server.store.eviction.Evictor;
import io.cachalot.server.store.expiry.ActiveExpiry;
import io.cachalot.server.store.type.EncodingLimits;

/**
 * Everything one server instance shares between its connections: configuration, keyspace,
 * eviction and expiry, the command table, clients and statistics. Built from a
 * {@link ServerConfig}; the config's run-time changes are wired to the components here.
 */
public final class ServerContext implements AutoCloseable {

	private final ServerConfig config;

	private final Keyspace keyspace;

	private final Evictor evictor;

	private final ActiveExpiry expiry;

	private final CommandTable commands = new CommandTable();

	private final Clients clients = new Clients();

	private final ServerStats stats = new ServerStats();

	private final ClientPause pause = new ClientPause();

	private final BlockingRegistry blocking = new BlockingRegistry();

	private final PubSubRegistry pubsub = new PubSubRegistry();

	private final WatchRegistry watches;

	private final SlowLog slowlog = new SlowLog();

	private final LatencyMonitor latency = new LatencyMonitor();

	private final MonitorFeed monitors = new MonitorFeed();

	private final TrackingTable tracking;

	private final KeyspaceNotifier notifier;

	private final ScriptEngine scripts;

	private volatile OutputBufferLimits outputBufferLimits = OutputBufferLimits.parse(OutputBufferLimits.DEFAULT);

	private final long startMillis = System.currentTimeMillis();

	private final String runId;

	private final RdbPersistence persistence;

	private final Replication replication;

	private volatile int port;

	// hot limits, kept in fields so the network path does not parse config text
	private volatile long maxBulkLength;

	private volatile long queryBufferLimit;

	private volatile int maxClients;

	private volatile long idleTimeoutSeconds;

	private volatile String requirePass = "";

	private volatile boolean latencyTracking;

	private volatile double[] latencyPercentiles;

	private final EncodingLimits encodingLimits = new EncodingLimits();

	public ServerContext(ServerConfig config) {
		this.config = config;
		this.keyspace = new Keyspace(config.getInt("databases"),
				Integer.highestOneBit(config.getInt("keyspace-stripes")));
		this.evictor = new Evictor(this.keyspace);
		this.expiry = new ActiveExpiry(this.keyspace, config.getInt("hz"));
		byte[] id = new byte[20];
		ThreadLocalRandom.current().nextBytes(id);
		this.runId = HexFormat.of().formatHex(id);
		this.watches = new WatchRegistry(this.keyspace);
		this.tracking = new TrackingTable(this.clients);
		this.notifier = new KeyspaceNotifier(this.pubsub);
		this.persistence = new RdbPersistence(this);
		this.replication = new Replication(this);
		this.keyspace.listener(new KeyspaceListeners(
				List.of(this.blocking, this.watches, this.tracking, this.notifier, this.persistence)));
		this.scripts = new ScriptEngine(this);
		for (String[] rename : config.renames()) {
			this.commands.rename(rename[0], rename[1]);
		}
		config.onChange("maxmemory", v -> this.evictor.maxmemory(Long.parseLong(v)));
		config.onChange("maxmemory-policy", v -> this.evictor.policy(EvictionPolicy.byName(v)));
		config.onChange("maxmemory-samples", v -> this.evictor.samples(Integer.parseInt(v)));
		config.onChange("hz", v -> this.expiry.hz(Integer.parseInt(v)));
		config.onChange("lfu-log-factor", v -> this.keyspace.accessClock().lfuLogFactor(Integer.parseInt(v)));
		config.onChange("lfu-decay-time", v -> this.keyspace.accessClock().lfuDecayTime(Integer.parseInt(v)));
		config.onChange("proto-max-bulk-len", v -> this.maxBulkLength = Long.parseLong(v));
		config.onChange("client-query-buffer-limit", v -> this.queryBufferLimit = Long.parseLong(v));
		config.onChange("maxclients", v -> this.maxClients = Integer.parseInt(v));
		config.onChange("timeout", v -> this.idleTimeoutSeconds = Long.parseLong(v));
		config.onChange("requirepass", v -> this.requirePass = v);
		config.onChange("hash-max-listpack-entries", v -> this.encodingLimits.hashEntries(saturatedInt(v)));
		config.onChange("hash-max-listpack-value", v -> this.encodingLimits.hashValue(saturatedInt(v)));
		config.onChange("set-max-intset-entries", v -> this.encodingLimits.setIntsetEntries(saturatedInt(v)));
		config.onChange("zset-max-listpack-entries", v -> this.encodingLimits.zsetEntries(saturatedInt(v)));
		config.onChange("zset-max-listpack-value", v -> this.encodingLimits.zsetValue(saturatedInt(v)));
		config.onChange("notify-keyspace-events", this.notifier::flags);
		config.onChange("slowlog-log-slower-than", v -> this.slowlog.threshold(Long.parseLong(v)));
		config.onChange("slowlog-max-len", v -> this.slowlog.maxLength(Integer.parseInt(v)));
		config.onChange("latency-monitor-threshold", v -> this.latency.threshold(Long.parseLong(v)));
		config.onChange("latency-tracking", v -> this.latencyTracking = v.equals("yes"));
		config.onChange("latency-tracking-info-percentiles", v -> this.latencyPercentiles = Percentiles.parse(v));
		config.onChange("client-output-buffer-limit", v -> this.outputBufferLimits = OutputBufferLimits.parse(v));
		config.onChange("busy-reply-threshold", v -> this.scripts.busyThreshold(Long.parseLong(v)));
		config.onChange("list-max-listpack-size", v -> this.encodingLimits.listMaxListpackSize(Integer.parseInt(v)));
	}

	private static int saturatedInt(String value) {
		return (int) Math.min(Integer.MAX_VALUE, Long.parseLong(value));
	}

	/** The compact-encoding limits every hash, set and sorted set of this server follows. */
	public EncodingLimits encodingLimits() {
		return this.encodingLimits;
	}

	public ServerConfig config() {
		return this.config;
	}

	public Keyspace keyspace() {
		return this.keyspace;
	}

	public Evictor evictor() {
		return this.evictor;
	}

	public ActiveExpiry expiry() {
		return this.expiry;
	}

	public CommandTable commands() {
		return this.commands;
	}

	public Clients clients() {
		return this.clients;
	}

	public ServerStats stats() {
		return this.stats;
	}

	public SlowLog slowlog() {
		return this.slowlog;
	}

	/** latency-tracking: whether each command's latency histogram is kept. */
	public boolean latencyTracking() {
		return this.latencyTracking;
	}

	/** latency-tracking-info-percentiles: the percentiles INFO latencystats shows. */
	public double[] latencyPercentiles() {
		return this.latencyPercentiles.clone();
	}

	public LatencyMonitor latency() {
		return this.latency;
	}

	/** Clients in MONITOR mode. */
	public MonitorFeed monitors() {
		return this.monitors;
	}

	/** Keyspace notifications. */
	public KeyspaceNotifier notifier() {
		return this.notifier;
	}

	/** Client-side caching: remembered reads and broadcast prefixes. */
	public TrackingTable tracking() {
		return this.tracking;
	}

	private volatile Runnable shutdownAction = () -> {
	};

	/** What SHUTDOWN does: stop the server (and, standalone, exit the process). */
	public void onShutdown(Runnable action) {
		this.shutdownAction = action;
	}

	/** SHUTDOWN: stops a running script and runs the shutdown action on its own thread. */
	public void shutdown() {
		this.scripts.stopRunning("Server shutting down");
		Thread t = new Thread(this.shutdownAction, "cachalot-shutdown-command");
		t.setDaemon(false);
		t.start();
	}

	/** Lua scripts and functions. */
	public ScriptEngine scripts() {
		return this.scripts;
	}

	/** WATCHed keys of every connection. */
	public WatchRegistry watches() {
		return this.watches;
	}

	/** Channel, pattern and shard-channel subscribers of this server. */
	public PubSubRegistry pubsub() {
		return this.pubsub;
	}

	/** {@code client-output-buffer-limit}, as last configured. */
	public OutputBufferLimits outputBufferLimits() {
		return this.outputBufferLimits;
	}

	public BlockingRegistry blocking() {
		return this.blocking;
	}

	public ClientPause pause() {
		return this.pause;
	}

	public long startMillis() {
		return this.startMillis;
	}

	public String runId() {
		return this.runId;
	}

	private volatile long memoryPeak;

	/** Records the dataset's peak size (INFO used_memory_peak); returns the current size. */
	public long updateMemoryPeak() {
		long used = this.keyspace.usedBytes();
		if (used > this.memoryPeak) {
			this.memoryPeak = used;
		}
		return used;
	}

	public long memoryPeak() {
		return this.memoryPeak;
	}

	public long lastSaveSeconds() {
		return this.persistence.lastSaveSeconds();
	}

	/** Primary or replica: REPLICAOF, the link to the primary, read-only replicas. */
	public Replication replication() {
		return this.replication;
	}

	/** RDB snapshots: SAVE, BGSAVE, the save rules, loading at start. */
	public RdbPersistence persistence() {
		return this.persistence;
	}

	public int port() {
		return this.port;
	}

	void port(int port) {
		this.port = port;
	}

	public long maxBulkLength() {
		return this.maxBulkLength;
	}

	public long queryBufferLimit() {
		return this.queryBufferLimit;
	}

	public int maxClients() {
		return this.maxClients;
	}

	public long idleTimeoutSeconds() {
		return this.idleTimeoutSeconds;
	}

	/** The default user's password, empty when none is required. */
	public String requirePass() {
		return this.requirePass;
	}

	@Override
	public void close() {
		this.replication.close();
		this.expiry.close();
		this.scripts.close();
	}

}
