package io.cachalot.spring.embedded;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An in-process Cachalot server, driven through its public embedding API
 * ({@code CachalotServer.builder()...start()}). The server is built for Java 21 while the
 * starter keeps Boot's Java 17 baseline, so the few calls it needs are made reflectively
 * here, once, rather than linking the starter's bytecode to the server's.
 * <p>
 * It can be stopped and started again on the same port — an outage on demand, so an
 * application (or its tests) can show what its cache does when the server goes away. A
 * restarted server is empty, as a restarted Redis without persistence is.
 */
public final class EmbeddedCachalotServer implements AutoCloseable {

	static final String SERVER_CLASS = "io.cachalot.server.CachalotServer";

	private final ClassLoader classLoader;

	private final Map<String, String> directives;

	private final int port;

	private final int memcachedPort;

	private AutoCloseable server;

	private EmbeddedCachalotServer(ClassLoader classLoader, Map<String, String> directives, Started started) {
		this.classLoader = classLoader;
		this.directives = directives;
		this.server = started.server();
		this.port = started.port();
		this.memcachedPort = started.memcachedPort();
	}

	/** Starts a server with the given redis.conf directives. */
	public static EmbeddedCachalotServer start(ClassLoader classLoader, Map<String, String> directives) {
		Started started = launch(classLoader, directives);
		Map<String, String> restart = new LinkedHashMap<>(directives);
		restart.put("port", Integer.toString(started.port()));
		if (started.memcachedPort() >= 0) {
			restart.put("memcached-port", Integer.toString(started.memcachedPort()));
		}
		return new EmbeddedCachalotServer(classLoader, restart, started);
	}

	private static Started launch(ClassLoader classLoader, Map<String, String> directives) {
		try {
			Class<?> serverClass = Class.forName(SERVER_CLASS, true, classLoader);
			Object builder = serverClass.getMethod("builder").invoke(null);
			Method config = builder.getClass().getMethod("config", String.class, String.class);
			for (Map.Entry<String, String> d : directives.entrySet()) {
				config.invoke(builder, d.getKey(), d.getValue());
			}
			AutoCloseable server = (AutoCloseable) builder.getClass().getMethod("start").invoke(builder);
			int port = (int) serverClass.getMethod("port").invoke(server);
			int memcachedPort = (int) serverClass.getMethod("memcachedPort").invoke(server);
			return new Started(server, port, memcachedPort);
		}
		catch (ReflectiveOperationException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new IllegalStateException("Could not start the embedded Cachalot server: " + cause.getMessage(), cause);
		}
	}

	static Map<String, String> directives(CachalotEmbeddedProperties properties) {
		Map<String, String> directives = new LinkedHashMap<>();
		directives.put("port", Integer.toString(properties.getPort()));
		directives.put("bind", properties.getBind());
		directives.put("maxmemory", properties.getMaxmemory());
		directives.put("maxmemory-policy", properties.getMaxmemoryPolicy());
		directives.putAll(properties.getConfig());
		return directives;
	}

	/** The port the server listens on; it keeps it across {@link #stop()} and {@link #restart()}. */
	public int getPort() {
		return this.port;
	}

	/**
	 * The memcached engine's port ({@code cachalot.embedded.config.memcached-port}; 0 takes a
	 * free one, kept across restarts), or -1 when it is off.
	 */
	public int getMemcachedPort() {
		return this.memcachedPort;
	}

	public synchronized boolean isRunning() {
		return this.server != null;
	}

	/** Stops the server: connected clients are disconnected and its data is gone. */
	public synchronized void stop() {
		if (this.server == null) {
			return;
		}
		try {
			this.server.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not stop the embedded Cachalot server: " + ex.getMessage(), ex);
		}
		finally {
			this.server = null;
		}
	}

	/** Starts a stopped server again, empty, on the same port. */
	public synchronized void restart() {
		if (this.server == null) {
			this.server = launch(this.classLoader, this.directives).server();
		}
	}

	@Override
	public void close() {
		stop();
	}

	private record Started(AutoCloseable server, int port, int memcachedPort) {
	}

}
