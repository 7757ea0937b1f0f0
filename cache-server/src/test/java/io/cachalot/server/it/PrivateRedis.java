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

	static void assumeInstalled() {
		Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "redis-server is not installed");
	}

	int port() {
		return this.port;
	}

	PrivateRedis(Path dir) throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
		this.process = new ProcessBuilder("/usr/bin/redis-server", "--port", Integer.toString(this.port), "--bind",
				"127.0.0.1", "--dir", dir.toString(), "--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("redis.log").toFile())
			.start();
		long deadline = System.currentTimeMillis() + 5_000;
		while (true) {
			try (RespClient probe = new RespClient("127.0.0.1", this.port)) {
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

	RespClient connect() {
		return new RespClient("127.0.0.1", this.port);
	}

	@Override
	public void close() throws Exception {
		this.process.destroy();
		this.process.waitFor();
	}

}
