package io.cachalot.server;

import java.util.concurrent.CountDownLatch;

import io.cachalot.server.config.ConfigException;
import io.cachalot.server.config.ServerConfig;

/**
 * The standalone server, with redis-server's command line:
 * {@code java -jar cachalot-server.jar [config-file] [--directive value ...]}. Stops cleanly
 * on SIGTERM / SIGINT.
 */
public final class Main {

	private Main() {
	}

	public static void main(String[] args) throws InterruptedException {
		if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
			System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$s %3$s - %5$s%6$s%n");
		}
		if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-v"))) {
			System.out.println("Cachalot server v=" + ServerInfo.VERSION + " redis-compat=" + ServerInfo.REDIS_VERSION);
			return;
		}
		if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
			System.out.println("Usage: java -jar cachalot-server.jar [/path/to/cachalot.conf] [--directive value ...]");
			System.out.println("Examples: java -jar cachalot-server.jar --port 6380 --maxmemory 100mb");
			System.out.println("          java -jar cachalot-server.jar /etc/cachalot.conf --loglevel verbose");
			return;
		}
		ServerConfig config = new ServerConfig();
		CachalotServer server;
		try {
			config.applyCommandLine(args);
			server = CachalotServer.start(config);
		}
		catch (ConfigException ex) {
			System.err.println(ex.getMessage());
			System.exit(1);
			return;
		}
		catch (RuntimeException ex) {
			System.err.println("Cachalot failed to start: " + ex);
			System.exit(1);
			return;
		}
		// SHUTDOWN ends the process; the hook below closes the server
		server.context().onShutdown(() -> System.exit(0));
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			// JUL resets its handlers in its own shutdown hook, so these lines go to stdout
			System.out.println("Received SIGTERM, shutting down");
			server.close();
			System.out.println("Cachalot is now ready to exit, bye bye...");
			stopped.countDown();
		}, "cachalot-shutdown"));
		System.out.println("Cachalot " + ServerInfo.VERSION + " (Redis " + ServerInfo.REDIS_VERSION
				+ " protocol) ready to accept connections on port " + server.port() + ", pid "
				+ ProcessHandle.current().pid());
		if (server.tlsPort() > 0) {
			System.out.println("TLS on port " + server.tlsPort());
		}
		if (server.memcachedPort() >= 0) {
			System.out.println("Memcached engine (memcached " + ServerInfo.MEMCACHED_VERSION
					+ " text and meta protocol) ready to accept connections on port " + server.memcachedPort());
		}
		stopped.await();
	}

}
