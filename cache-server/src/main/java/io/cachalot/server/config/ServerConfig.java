package io.cachalot.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.cachalot.server.command.notify.NotifyFlags;
import io.cachalot.server.pubsub.OutputBufferLimits;
import io.cachalot.server.util.ArgSplitter;
import io.cachalot.server.util.Glob;

/**
 * The server's configuration, with redis-server's model: defaults, then a redis.conf-style
 * file, then command-line directives ({@code --port 6380 --save ""}), then CONFIG SET at run
 * time; CONFIG REWRITE writes the current values back into the file. A named config file is
 * what a managed service calls a parameter group.
 *
 * <p>{@code rename-command} is accepted in the file and on the command line only (as in
 * Redis); it is kept as a list of pairs for the command table.
 */
public final class ServerConfig {

	private final Map<String, ConfigDirective> directives = new LinkedHashMap<>();

	private final Map<String, String> aliases = new LinkedHashMap<>();

	private final List<String[]> renames = new ArrayList<>();

	private Path file;

	public ServerConfig() {
		List<String> policies = List.of("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
				"allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction");
		add(ConfigDirective.integer("port", 6379, 0, 65535, false));
		add(ConfigDirective.string("bind", "* -::*", false));
		// TLS: a second RESP port (0, the default, leaves it off, as in Redis) and its files
		add(ConfigDirective.integer("tls-port", 0, 0, 65535, false));
		add(ConfigDirective.string("tls-cert-file", "", false));
		add(ConfigDirective.string("tls-key-file", "", false));
		add(ConfigDirective.string("tls-ca-cert-file", "", false));
		add(ConfigDirective.oneOf("tls-auth-clients", "yes", false, List.of("yes", "no", "optional")));
		add(ConfigDirective.string("tls-protocols", "", false));
		// the link to a primary over TLS, with tls-cert-file / tls-key-file as the client certificate
		add(ConfigDirective.bool("tls-replication", false, false));
		// the memcached engine's port: -1 (the default) leaves it off, 0 takes any free port
		add(ConfigDirective.integer("memcached-port", -1, -1, 65535, false));
		// memcached's -I: the largest value a memcached client may store
		add(ConfigDirective.memory("memcached-max-item-size", "1mb", true));
		add(ConfigDirective.integer("databases", 16, 1, Integer.MAX_VALUE, false));
		add(ConfigDirective.memory("maxmemory", "0", true));
		add(ConfigDirective.oneOf("maxmemory-policy", "noeviction", true, policies));
		add(ConfigDirective.integer("maxmemory-samples", 5, 1, 64, true));
		add(ConfigDirective.string("requirepass", "", true));
		add(ConfigDirective.custom("save", "3600 1 300 100 60 10000", true, ServerConfig::normalizeSave));
		add(ConfigDirective.bool("appendonly", false, true));
		// replication: "host port" of the primary to follow at start ("" for none), its credentials
		add(ConfigDirective.string("replicaof", "", false));
		add(ConfigDirective.string("masterauth", "", true));
		add(ConfigDirective.string("masteruser", "", true));
		add(ConfigDirective.bool("replica-read-only", true, true));
		add(ConfigDirective.integer("timeout", 0, 0, Integer.MAX_VALUE, true));
		add(ConfigDirective.integer("maxclients", 10000, 1, Integer.MAX_VALUE, true));
		add(ConfigDirective.memory("proto-max-bulk-len", "512mb", true));
		add(ConfigDirective.memory("client-query-buffer-limit", "1gb", true));
		add(ConfigDirective.integer("hz", 10, 1, 500, true));
		// event loops: half the cores (at least one), leaving the rest to clients, GC and JIT threads;
		// on 2 cores one loop measured faster than two for pipelined and unpipelined load
		add(ConfigDirective.integer("io-threads", Math.max(1, Runtime.getRuntime().availableProcessors() / 2), 1, 128,
				false));
		add(ConfigDirective.integer("keyspace-stripes", 64, 1, 65536, false));
		// where RDB files go: an existing directory, as redis-server insists
		add(ConfigDirective.custom("dir", System.getProperty("user.dir"), true, v -> {
			if (!java.nio.file.Files.isDirectory(java.nio.file.Path.of(v))) {
				throw new ConfigException("No such file or directory");
			}
			return v;
		}));
		add(ConfigDirective.string("dbfilename", "dump.rdb", true));
		add(ConfigDirective.integer("lfu-log-factor", 10, 0, Integer.MAX_VALUE, true));
		add(ConfigDirective.integer("lfu-decay-time", 1, 0, Integer.MAX_VALUE, true));
		add(ConfigDirective.integer("tcp-keepalive", 300, 0, Integer.MAX_VALUE, true));
		add(ConfigDirective.integer("tcp-backlog", 511, 0, Integer.MAX_VALUE, false));
		add(ConfigDirective.oneOf("loglevel", "notice", true, List.of("debug", "verbose", "notice", "warning")));
		add(ConfigDirective.string("logfile", "", false));
		add(ConfigDirective.oneOf("daemonize", "no", false, List.of("no")));
		add(ConfigDirective.bool("protected-mode", false, true));
		add(ConfigDirective.oneOf("enable-debug-command", "local", false, List.of("no", "yes", "local")));
		// CONFIG SET of dir / dbfilename (where SAVE writes files): off by default, as in Redis 7
		add(ConfigDirective.oneOf("enable-protected-configs", "no", false, List.of("no", "yes", "local")));
		add(ConfigDirective.custom("notify-keyspace-events", "", true, v -> {
			try {
				return NotifyFlags.format(NotifyFlags.parse(v));
			}
			catch (IllegalArgumentException ex) {
				throw new ConfigException(ex.getMessage());
			}
		}));
		add(ConfigDirective.integer("slowlog-log-slower-than", 10000, -1, Long.MAX_VALUE, true));
		add(ConfigDirective.integer("busy-reply-threshold", 5000, 0, Long.MAX_VALUE, true));
		alias("lua-time-limit", "busy-reply-threshold");
		add(ConfigDirective.integer("slowlog-max-len", 128, 0, Integer.MAX_VALUE, true));
		add(ConfigDirective.integer("latency-monitor-threshold", 0, 0, Long.MAX_VALUE, true));
		add(ConfigDirective.bool("latency-tracking", true, true));
		add(ConfigDirective.custom("latency-tracking-info-percentiles", "50 99 99.9", true, Percentiles::normalize));
		add(ConfigDirective.integer("hll-sparse-max-bytes", 3000, 0, Integer.MAX_VALUE, true));
		// redis-server's built-in defaults (its sample redis.conf lowers hash-max-listpack-entries to 128);
		// the pre-7.0 "ziplist" names stay accepted as aliases, as in Redis
		add(ConfigDirective.integer("hash-max-listpack-entries", 512, 0, Long.MAX_VALUE, true));
		add(ConfigDirective.memory("hash-max-listpack-value", "64", true));
		add(ConfigDirective.integer("set-max-intset-entries", 512, 0, Long.MAX_VALUE, true));
		add(ConfigDirective.integer("zset-max-listpack-entries", 128, 0, Long.MAX_VALUE, true));
		add(ConfigDirective.memory("zset-max-listpack-value", "64", true));
		add(ConfigDirective.integer("list-max-listpack-size", -2, Integer.MIN_VALUE, Integer.MAX_VALUE, true));
		// accepted for compatibility; nodes are not compressed (see README)
		add(ConfigDirective.integer("list-compress-depth", 0, 0, Integer.MAX_VALUE, true));
		alias("list-max-ziplist-size", "list-max-listpack-size");
		alias("hash-max-ziplist-entries", "hash-max-listpack-entries");
		alias("hash-max-ziplist-value", "hash-max-listpack-value");
		alias("zset-max-ziplist-entries", "zset-max-listpack-entries");
		alias("zset-max-ziplist-value", "zset-max-listpack-value");
		add(ConfigDirective.custom("client-output-buffer-limit", OutputBufferLimits.DEFAULT, true, v -> {
			try {
				// one class at a time keeps the others, as CONFIG SET does in Redis
				String current = this.directives.containsKey("client-output-buffer-limit") ? get("client-output-buffer-limit")
						: OutputBufferLimits.DEFAULT;
				return OutputBufferLimits.merge(OutputBufferLimits.parse(current), v).toString();
			}
			catch (IllegalArgumentException ex) {
				throw new ConfigException(ex.getMessage());
			}
		}));
		add(ConfigDirective.oneOf("appendfsync", "everysec", true, List.of("always", "everysec", "no")));
	}

	private void add(ConfigDirective directive) {
		this.directives.put(directive.name(), directive);
	}

	private void alias(String alias, String canonical) {
		this.aliases.put(alias, canonical);
	}

	/** The directive called {@code name} (lower case), by its own name or an alias; null if none. */
	private ConfigDirective lookup(String name) {
		return this.directives.get(this.aliases.getOrDefault(name, name));
	}

	private static String normalizeSave(String value) {
		String v = value.strip();
		if (v.isEmpty()) {
			return "";
		}
		String[] parts = v.split("\\s+");
		if (parts.length % 2 != 0) {
			throw new ConfigException("Invalid save parameters");
		}
		for (String p : parts) {
			try {
				if (Long.parseLong(p) < 0) {
					throw new ConfigException("Invalid save parameters");
				}
			}
			catch (NumberFormatException ex) {
				throw new ConfigException("Invalid save parameters");
			}
		}
		return String.join(" ", parts);
	}

	// ---- sources -----------------------------------------------------------------------

	/**
	 * Applies redis-server's command line: an optional config file path first, then
	 * {@code --name value ...} directives.
	 */
	public void applyCommandLine(String[] args) {
		int i = 0;
		if (args.length > 0 && !args[0].startsWith("--")) {
			loadFile(Path.of(args[0]));
			i = 1;
		}
		String name = null;
		List<String> values = new ArrayList<>();
		for (; i < args.length; i++) {
			String a = args[i];
			if (a.startsWith("--") && a.length() > 2) {
				if (name != null) {
					applyLine(name, values, "command line");
				}
				name = a.substring(2);
				values = new ArrayList<>();
			}
			else if (name != null) {
				values.add(a);
			}
			else {
				throw new ConfigException("Invalid argument '" + a + "': directives start with --");
			}
		}
		if (name != null) {
			applyLine(name, values, "command line");
		}
	}

	/** Reads a redis.conf-style file. */
	public void loadFile(Path path) {
		this.file = path.toAbsolutePath();
		loadLines(path, 0);
	}

	private void loadLines(Path path, int depth) {
		List<String> lines;
		try {
			lines = Files.readAllLines(path, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new ConfigException("Fatal error, can't open config file '" + path + "': " + ex.getMessage());
		}
		for (int n = 0; n < lines.size(); n++) {
			String line = lines.get(n).strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			List<byte[]> parts = ArgSplitter.split(line.getBytes(StandardCharsets.UTF_8));
			if (parts == null || parts.isEmpty()) {
				throw fileError(path, n + 1, line, "Unbalanced quotes in configuration line");
			}
			String name = new String(parts.get(0), StandardCharsets.UTF_8);
			List<String> values = new ArrayList<>();
			for (int k = 1; k < parts.size(); k++) {
				values.add(new String(parts.get(k), StandardCharsets.UTF_8));
			}
			try {
				if (name.equalsIgnoreCase("include") && values.size() == 1 && depth < 8) {
					loadLines(path.resolveSibling(values.get(0)), depth + 1);
				}
				else {
					applyLine(name, values, path.toString());
				}
			}
			catch (ConfigException ex) {
				throw fileError(path, n + 1, line, ex.getMessage());
			}
		}
	}

	private static ConfigException fileError(Path path, int lineNo, String line, String message) {
		return new ConfigException("\n*** FATAL CONFIG FILE ERROR ***\nReading the configuration file " + path
				+ ", at line " + lineNo + "\n>>> '" + line + "'\n" + message);
	}

	private void applyLine(String rawName, List<String> values, String source) {
		String name = rawName.toLowerCase();
		if (name.equals("rename-command")) {
			if (values.size() != 2) {
				throw new ConfigException("Bad directive or wrong number of arguments");
			}
			this.renames.add(new String[] { values.get(0), values.get(1) });
			return;
		}
		ConfigDirective d = lookup(name);
		if (d == null) {
			throw new ConfigException("Bad directive or wrong number of arguments");
		}
		if (values.isEmpty() && !name.equals("save") && !name.equals("requirepass")) {
			throw new ConfigException("Bad directive or wrong number of arguments");
		}
		String value = String.join(" ", values);
		if (name.equals("save") && !values.isEmpty() && values.get(0).isEmpty()) {
			value = "";
		}
		d.apply(d.normalize(value));
	}

	// ---- run time ----------------------------------------------------------------------

	public String get(String name) {
		ConfigDirective d = lookup(name.toLowerCase());
		if (d == null) {
			throw new IllegalArgumentException("unknown directive " + name);
		}
		return d.value();
	}

	public long getLong(String name) {
		return Long.parseLong(get(name));
	}

	public int getInt(String name) {
		return (int) Math.min(Integer.MAX_VALUE, getLong(name));
	}

	/** Directives whose names match any of the glob patterns, with their values, in declaration order. */
	public Map<String, String> getMatching(List<String> patterns) {
		Map<String, String> out = new LinkedHashMap<>();
		for (ConfigDirective d : this.directives.values()) {
			putIfMatching(out, patterns, d.name(), d.value());
		}
		this.aliases.forEach((alias, canonical) -> putIfMatching(out, patterns, alias, get(canonical)));
		return out;
	}

	private static void putIfMatching(Map<String, String> out, List<String> patterns, String name, String value) {
		for (String p : patterns) {
			if (Glob.matches(p.toLowerCase(), name)) {
				out.put(name, value);
				return;
			}
		}
	}

	/** Whether {@code name} is a directive CONFIG SET may change. */
	public ConfigDirective directive(String name) {
		return lookup(name.toLowerCase());
	}

	/**
	 * CONFIG SET of several pairs: all values are validated first, then applied together; if
	 * applying one fails, the ones applied before are restored.
	 */
	public void set(Map<String, String> pairs) {
		Map<ConfigDirective, String> normalized = new LinkedHashMap<>();
		for (Map.Entry<String, String> e : pairs.entrySet()) {
			ConfigDirective d = lookup(e.getKey().toLowerCase());
			if (d == null) {
				throw new UnknownDirectiveException(e.getKey());
			}
			if (!d.mutable()) {
				throw new ConfigSetException(d.name(), "can't set immutable config");
			}
			try {
				normalized.put(d, d.normalize(e.getValue()));
			}
			catch (ConfigException ex) {
				throw new ConfigSetException(d.name(), ex.getMessage());
			}
		}
		Map<ConfigDirective, String> previous = new LinkedHashMap<>();
		for (Map.Entry<ConfigDirective, String> e : normalized.entrySet()) {
			ConfigDirective d = e.getKey();
			previous.put(d, d.value());
			try {
				d.apply(e.getValue());
			}
			catch (RuntimeException ex) {
				previous.forEach(ConfigDirective::apply);
				throw new ConfigSetException(d.name(), ex.getMessage());
			}
		}
	}

	/** Registers the component that applies a directive; called once with the current value. */
	public void onChange(String name, Consumer<String> listener) {
		this.directives.get(name).onChange(listener);
	}

	public List<String[]> renames() {
		return List.copyOf(this.renames);
	}

	public Path file() {
		return this.file;
	}

	/**
	 * CONFIG REWRITE: rewrites the file's directive lines in place with current values,
	 * comments out directives that returned to their default, and appends changed ones that
	 * the file did not have.
	 */
	public void rewrite() {
		if (this.file == null) {
			throw new ConfigException("The server is running without a config file");
		}
		List<String> lines;
		try {
			lines = Files.exists(this.file) ? Files.readAllLines(this.file, StandardCharsets.UTF_8) : List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<String> out = new ArrayList<>();
		Set<String> written = new LinkedHashSet<>();
		for (String line : lines) {
			String stripped = line.strip();
			if (stripped.isEmpty() || stripped.startsWith("#")) {
				out.add(line);
				continue;
			}
			String name = stripped.split("\\s+", 2)[0].toLowerCase();
			ConfigDirective d = lookup(name);
			if (d == null || written.contains(d.name())) {
				if (d == null) {
					out.add(line);
				}
				continue;
			}
			out.add(format(d));
			written.add(d.name());
		}
		boolean header = false;
		for (ConfigDirective d : this.directives.values()) {
			if (!written.contains(d.name()) && !d.value().equals(d.defaultValue())) {
				if (!header) {
					out.add("# Generated by CONFIG REWRITE");
					header = true;
				}
				out.add(format(d));
			}
		}
		try {
			Path tmp = this.file.resolveSibling(this.file.getFileName() + ".tmp");
			Files.write(tmp, out, StandardCharsets.UTF_8);
			Files.move(tmp, this.file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
					java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String format(ConfigDirective d) {
		String v = d.value();
		boolean quote = v.isEmpty() || v.contains("\"") || (v.contains(" ") && !d.name().equals("save")
				&& !d.name().equals("bind"));
		return d.name() + " " + (quote ? "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : v);
	}

	/** CONFIG SET named a directive that does not exist. */
	public static final class UnknownDirectiveException extends RuntimeException {

		public UnknownDirectiveException(String name) {
			super(name);
		}

	}

	/** CONFIG SET failed for one directive. */
	public static final class ConfigSetException extends RuntimeException {

		private final String directive;

		public ConfigSetException(String directive, String reason) {
			super(reason);
			this.directive = directive;
		}

		public String directive() {
			return this.directive;
		}

	}

}
