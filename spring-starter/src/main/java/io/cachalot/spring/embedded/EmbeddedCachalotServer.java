package io.cachalot.spring.embedded;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A running in-process Cachalot server, driven through its public embedding API
 * ({@code CachalotServer.builder()...start()}). The server is built for Java 21 while the
 * starter keeps Boot's Java 17 baseline, so the four calls it needs are made reflectively
 * here, once, rather than linking the starter's bytecode to the server's.
 */
public final class EmbeddedCachalotServer implements AutoCloseable {

	static final String SERVER_CLASS = "io.cachalot.server.CachalotServer";

	private final AutoCloseable server;

	private final int port;

	private EmbeddedCachalotServer(AutoCloseable server, int port) {
		this.server = server;
		this.port = port;
	}

	/** Starts a server with the given redis.conf directives. */
	public static EmbeddedCachalotServer start(ClassLoader classLoader, Map<String, String> directives) {
		try {
			Class<?> serverClass = Class.forName(SERVER_CLASS, true, classLoader);
			Object builder = serverClass.getMethod("builder").invoke(null);
			Method config = builder.getClass().getMethod("config", String.class, String.class);
			for (Map.Entry<String, String> d : directives.entrySet()) {
				config.invoke(builder, d.getKey(), d.getValue());
			}
			AutoCloseable server = (AutoCloseable) builder.getClass().getMethod("start").invoke(builder);
			int port = (int) serverClass.getMethod("port").invoke(server);
			return new EmbeddedCachalotServer(server, port);
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

	public int getPort() {
		return this.port;
	}

	@Override
	public void close() throws Exception {
		this.server.close();
	}

}
