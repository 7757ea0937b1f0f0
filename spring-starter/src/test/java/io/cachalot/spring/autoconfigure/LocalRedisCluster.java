package io.cachalot.spring.autoconfigure;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway three-master Redis cluster from the {@code redis-server} and {@code redis-cli}
 * binaries on this machine (ports picked free, data in a temporary directory), for tests of
 * cluster behaviour; {@link #available()} is false where the binaries are missing.
 */
final class LocalRedisCluster implements AutoCloseable {

	private final Path dir;

	private final List<Process> servers = new ArrayList<>();

	private final List<Integer> ports = new ArrayList<>();

	static boolean available() {
		return onPath("redis-server") && onPath("redis-cli");
	}

	private static boolean onPath(String program) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, program))) {
				return true;
			}
		}
		return false;
	}

	LocalRedisCluster() throws IOException, InterruptedException {
		this.dir = Files.createTempDirectory("cachalot-cluster");
		for (int i = 0; i < 3; i++) {
			int port = freePort();
			this.ports.add(port);
			this.servers.add(new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
					"--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf", "--dir",
					this.dir.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no")
				.redirectErrorStream(true)
				.redirectOutput(this.dir.resolve("redis-" + port + ".log").toFile())
				.start());
		}
		for (int port : this.ports) {
			await(() -> run("redis-cli", "-p", Integer.toString(port), "ping").contains("PONG"));
		}
		List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
		this.ports.forEach(p -> create.add("127.0.0.1:" + p));
		create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
		run(create.toArray(String[]::new));
		for (int port : this.ports) {
			await(() -> run("redis-cli", "-p", Integer.toString(port), "cluster", "info").contains("cluster_state:ok"));
		}
	}

	/** {@code host:port,...} for {@code spring.data.redis.cluster.nodes}. */
	String nodes() {
		return String.join(",", this.ports.stream().map(p -> "127.0.0.1:" + p).toList());
	}

	/** Keys on each master, summed (DBSIZE). */
	long keyCount() throws IOException, InterruptedException {
		long total = 0;
		for (int port : this.ports) {
			total += Long.parseLong(run("redis-cli", "-p", Integer.toString(port), "dbsize").trim());
		}
		return total;
	}

	private interface Check {

		boolean ok() throws IOException, InterruptedException;

	}

	private static void await(Check check) throws IOException, InterruptedException {
		long deadline = System.currentTimeMillis() + 20_000;
		while (!check.ok()) {
			if (System.currentTimeMillis() > deadline) {
				throw new IllegalStateException("the local Redis cluster did not come up");
			}
			Thread.sleep(100);
		}
	}

	private static String run(String... command) throws IOException, InterruptedException {
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes());
		p.waitFor(20, TimeUnit.SECONDS);
		return out;
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}

	@Override
	public void close() throws IOException {
		for (Process p : this.servers) {
			p.destroyForcibly();
		}
		try (var files = Files.walk(this.dir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
		}
	}

}
