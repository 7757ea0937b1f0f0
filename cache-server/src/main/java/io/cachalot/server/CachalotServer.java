package io.cachalot.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cachalot.server.command.CommandFamilies;
import io.cachalot.server.config.ServerConfig;
import io.cachalot.server.memcached.McStats;
import io.cachalot.server.net.NetworkServer;
import io.cachalot.server.persistence.RdbPersistence;

/**
 * A running Cachalot server. The standalone jar ({@link Main}) and embedding applications
 * start it the same way:
 *
 * <pre>{@code
 * try (CachalotServer server = CachalotServer.builder().port(0).maxmemory("64mb").start()) {
 *     int port = server.port();
 *     ...
 * }
 * }</pre>
 *
 * {@link #close()} stops the listeners, closes every client and frees the threads and memory.
 */
public final class CachalotServer implements AutoCloseable {

	private static final System.Logger LOG = System.getLogger(CachalotServer.class.getName());

	private final ServerContext context;

	private final NetworkServer network;

	private final int port;

	private final int memcachedPort;

	private final McStats memcachedStats = new McStats();

	private volatile boolean closed;

	private CachalotServer(ServerConfig config, boolean loadSnapshot) {
		this.context = new ServerContext(config);
		this.context.onShutdown(this::close);
		CommandFamilies.registerAll(this.context);
		if (loadSnapshot) {
			try {
				this.context.persistence().load();
			}
			catch (RuntimeException ex) {
				this.context.close();
				throw ex;
			}
		}
		this.network = new NetworkServer(this.context);
		try {
			this.port = this.network.start();
			int mc = config.getInt("memcached-port");
			this.memcachedPort = (mc >= 0) ? this.network.startMemcached(mc, this.memcachedStats) : -1;
			if (mc >= 0 && !this.context.requirePass().isEmpty()) {
				// memcached's text protocol has no authentication
				LOG.log(System.Logger.Level.WARNING, "The memcached port " + this.memcachedPort
						+ " has no authentication: its clients reach database 0 without requirepass."
						+ " Keep it on a private network.");
			}
		}
		catch (RuntimeException ex) {
			this.network.close();
			this.context.close();
			throw ex;
		}
		this.context.port(this.port);
		String[] primary = config.get("replicaof").trim().split("\\s+");
		if (primary.length == 2) {
			this.context.replication().replicaOf(primary[0], Integer.parseInt(primary[1]));
		}
	}

	/**
	 * Starts a server from an already-built configuration, as redis-server starts: the RDB
	 * file at {@code dir/dbfilename} is loaded first when it exists.
	 */
	public static CachalotServer start(ServerConfig config) {
		return new CachalotServer(config, true);
	}

	public static Builder builder() {
		return new Builder();
	}

	/** The bound RESP port. */
	public int port() {
		return this.port;
	}

	/** The bound TLS port, or 0 when {@code tls-port} is off. */
	public int tlsPort() {
		return this.network.tlsPort();
	}

	/** The bound memcached port, or -1 when the memcached engine is off ({@code memcached-port -1}). */
	public int memcachedPort() {
		return this.memcachedPort;
	}

	/** The memcached engine's counters ({@code stats}). */
	public McStats memcachedStats() {
		return this.memcachedStats;
	}

	public ServerContext context() {
		return this.context;
	}

	public boolean isRunning() {
		return !this.closed;
	}

	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		LOG.log(System.Logger.Level.INFO, "Cachalot on port " + this.port + " is shutting down");
		this.network.close();
		saveOnShutdown();
		this.context.close();
	}

	/** With {@code save} rules configured (and SHUTDOWN not having decided), a last snapshot. */
	private void saveOnShutdown() {
		RdbPersistence persistence = this.context.persistence();
		persistence.awaitBackgroundSave(60_000);
		if (!persistence.savesOnShutdown()) {
			return;
		}
		try {
			persistence.save();
		}
		catch (java.io.IOException | RuntimeException ex) {
			LOG.log(System.Logger.Level.WARNING, "Error trying to save the DB on shutdown: " + ex.getMessage());
		}
	}

	/** Configures a server with redis.conf directive names; {@link #start()} binds it. */
	public static final class Builder {

		private Path configFile;

		private final Map<String, List<String>> directives = new LinkedHashMap<>();

		private final List<String[]> renames = new ArrayList<>();

		private Builder() {
		}

		public Builder port(int port) {
			return config("port", Integer.toString(port));
		}

		/** Turns the memcached engine on, on {@code port} (0: any free port). */
		public Builder memcachedPort(int port) {
			return config("memcached-port", Integer.toString(port));
		}

		public Builder bind(String addresses) {
			return config("bind", addresses);
		}

		public Builder maxmemory(String amount) {
			return config("maxmemory", amount);
		}

		public Builder maxmemoryPolicy(String policy) {
			return config("maxmemory-policy", policy);
		}

		public Builder requirepass(String password) {
			return config("requirepass", password);
		}

		public Builder databases(int databases) {
			return config("databases", Integer.toString(databases));
		}

		public Builder ioThreads(int threads) {
			return config("io-threads", Integer.toString(threads));
		}

		/** Disables ({@code newName} empty) or renames a command, as {@code rename-command}. */
		public Builder renameCommand(String command, String newName) {
			this.renames.add(new String[] { command, newName });
			return this;
		}

		/** Any redis.conf directive. */
		public Builder config(String directive, String value) {
			this.directives.put(directive.toLowerCase(), List.of(value));
			return this;
		}

		/** A redis.conf-style file applied before the builder's own directives. */
		public Builder configFile(Path file) {
			this.configFile = file;
			return this;
		}

		public CachalotServer start() {
			List<String> args = new ArrayList<>();
			if (this.configFile != null) {
				args.add(this.configFile.toString());
			}
			this.directives.forEach((name, values) -> {
				args.add("--" + name);
				args.addAll(values);
			});
			for (String[] r : this.renames) {
				args.add("--rename-command");
				args.add(r[0]);
				args.add(r[1]);
			}
			ServerConfig config = new ServerConfig();
			// embedded defaults: any free port, loopback only, no snapshots
			config.applyCommandLine(new String[] { "--port", "0", "--bind", "127.0.0.1", "--save", "" });
			config.applyCommandLine(args.toArray(String[]::new));
			// an embedded server reads a snapshot only from a directory it was given, never
			// from whatever dump.rdb lies in the application's working directory
			return new CachalotServer(config, this.configFile != null || this.directives.containsKey("dir"));
		}

	}

}
