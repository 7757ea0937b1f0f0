package io.cachalot.server.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * The reference memcached of differential tests: Debian's {@code memcached} binary, started
 * once per test JVM on a free loopback port (64 MB, 1 MB items — memcached's defaults) and
 * stopped with the JVM. A test is skipped with a message where the binary is not installed
 * ({@code .ci/run} installs it).
 */
final class ReferenceMemcached {

	private static final Path BINARY = Path.of(System.getenv().getOrDefault("MEMCACHED_BINARY", "/usr/bin/memcached"));

	private static int port;

	private ReferenceMemcached() {
	}

	static synchronized int portOrSkip() {
		if (port > 0) {
			return port;
		}
		Assumptions.assumeTrue(Files.isExecutable(BINARY),
				"No memcached binary at " + BINARY + " (apt-get install memcached): differential test skipped");
		try {
			int free;
			try (ServerSocket socket = new ServerSocket(0)) {
				free = socket.getLocalPort();
			}
			Process process = new ProcessBuilder(List.of(BINARY.toString(), "-p", Integer.toString(free), "-U", "0", "-l",
					"127.0.0.1", "-m", "64", "-u", System.getProperty("user.name")))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
			long deadline = System.currentTimeMillis() + 5_000;
			while (true) {
				try (Socket probe = new Socket("127.0.0.1", free)) {
					break;
				}
				catch (IOException ex) {
					if (System.currentTimeMillis() > deadline || !process.isAlive()) {
						throw new IllegalStateException("memcached did not start on port " + free, ex);
					}
					Thread.sleep(20);
				}
			}
			port = free;
			return port;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
