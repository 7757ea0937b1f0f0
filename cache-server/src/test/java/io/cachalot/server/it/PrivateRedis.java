package io.cachalot.server.it;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway redis-server (Debian's binary) on a free loopback port with its files in
 * {@code dir}: a primary to replicate, a writer and reader of RDB files. Tests that need one
 * call {@link #assumeInstalled()} first.
 */
final class PrivateRedis implements AutoCloseable {

	private final Process process;

	private final int port;

	private final String password;

	static void assumeInstalled() {
		Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "redis-server is not installed");
	}

	int port() {
		return this.port;
	}

	PrivateRedis(Path dir) throws Exception {
		this(dir, freePort());
	}

	/** On {@code port}, with {@code directives} (such as {@code --requirepass x}) after the defaults. */
	PrivateRedis(Path dir, int port, String... directives) throws Exception {
		this.port = port;
		java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("/usr/bin/redis-server", "--port",
				Integer.toString(this.port), "--bind", "127.0.0.1", "--dir", dir.toString(), "--dbfilename", "dump.rdb",
				"--save", "", "--appendonly", "no"));
		command.addAll(java.util.List.of(directives));
		String password = null;
		for (int i = 0; i + 1 < directives.length; i++) {
			if (directives[i].equals("--requirepass")) {
				password = directives[i + 1];
			}
		}
		this.password = password;
		this.process = new ProcessBuilder(command)
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("redis.log").toFile())
			.start();
		long deadline = System.currentTimeMillis() + 5_000;
		while (true) {
			try (RespClient probe = connect()) {
				if (probe.call("PING").equals("+PONG")) {
					return;
				}
			}
			catch (RuntimeException ex) {
				if (System.currentTimeMillis() > deadline || !this.process.isAlive()) {
					throw new IllegalStateException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")), ex);
				}
				Thread.sleep(50);
			}
		}
	}

	/** A connection, authenticated when the server has a password. */
	RespClient connect() {
		RespClient client = new RespClient("127.0.0.1", this.port);
		if (this.password != null) {
			client.call("AUTH", this.password);
		}
		return client;
	}

	static int freePort() throws java.io.IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() throws Exception {
		this.process.destroy();
		this.process.waitFor();
	}

}
