package io.cachalot.server.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cachalot.server.CachalotServer;
import io.cachalot.server.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Embedded and standalone start/stop from the one code path. */
class ServerLifecycleTest {

	@TempDir
	Path dir;

	@Test
	void closeFreesThePortAndThreads() throws IOException {
		int port;
		try (CachalotServer server = CachalotServer.builder().port(0).maxmemory("64mb").start();
				RespClient c = new RespClient("127.0.0.1", server.port())) {
			port = server.port();
			assertThat(port).isPositive();
			assertThat(c.call("CONFIG", "GET", "maxmemory")).isEqualTo("*2[$9:maxmemory,$8:67108864]");
		}
		try (ServerSocket reuse = new ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress())) {
			assertThat(reuse.getLocalPort()).isEqualTo(port);
		}
		// an event loop's termination is signalled in its last steps: give the threads a moment to end
		long deadline = System.currentTimeMillis() + 3_000;
		while (!serverThreads().isEmpty() && System.currentTimeMillis() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(serverThreads()).as("threads of stopped servers").isEmpty();
	}

	private static java.util.List<Thread> serverThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
			.filter(t -> t.getName().startsWith("cachalot-io") || t.getName().startsWith("cachalot-cron")
					|| t.getName().startsWith("cachalot-script"))
			.toList();
	}

	@Test
	void withOneEventLoopALongScriptStillLetsOthersInAndCanBeKilled() throws Exception {
		// one event loop for every client: a script that runs long without writing moves off it
		try (CachalotServer server = CachalotServer.builder().port(0).ioThreads(1).config("busy-reply-threshold", "100").start();
				RespClient runner = new RespClient("127.0.0.1", server.port());
				RespClient other = new RespClient("127.0.0.1", server.port())) {
			runner.send(RespClient.encode(RespClient.args("EVAL", "while true do end", "0")));
			long deadline = System.currentTimeMillis() + 5_000;
			String reply;
			while (!(reply = other.call("PING")).startsWith("-BUSY")) {
				assertThat(reply).isEqualTo("+PONG");
				assertThat(System.currentTimeMillis()).isLessThan(deadline);
				Thread.sleep(10);
			}
			assertThat(other.call("SCRIPT", "KILL")).isEqualTo("+OK");
			assertThat(runner.readReply()).startsWith("-ERR Script killed by user with SCRIPT KILL...");
			// a read-only script that takes a while (it starts over on the script thread) still answers right
			assertThat(runner.call("EVAL", "local n = 0 for i = 1, 3000000 do n = n + 1 end return n", "0"))
				.isEqualTo(":3000000");
			assertThat(other.call("PING")).isEqualTo("+PONG");
		}
	}

	@Test
	void shutdownNosaveStopsTheServerEvenDuringAScriptThatWrote() throws Exception {
		// two event loops: a script that wrote keeps its caller's loop; the admin comes in on the other
		CachalotServer server = CachalotServer.builder().port(0).ioThreads(2).config("busy-reply-threshold", "50").start();
		try (RespClient runner = new RespClient("127.0.0.1", server.port());
				RespClient admin = new RespClient("127.0.0.1", server.port())) {
			assertThat(runner.call("EVAL", "return 1", "0")).isEqualTo(":1");
			runner.send(RespClient.encode(RespClient.args("EVAL", "redis.call('set', 'k', 'v') while true do end", "0")));
			// once others get BUSY the script has run its first line (the write)
			long deadline = System.currentTimeMillis() + 5_000;
			while (!admin.call("PING").startsWith("-BUSY")) {
				assertThat(System.currentTimeMillis()).isLessThan(deadline);
				Thread.sleep(10);
			}
			assertThat(admin.call("SCRIPT", "KILL")).startsWith("-UNKILLABLE");
			assertThat(admin.call("SHUTDOWN", "ABORT")).isEqualTo("-ERR No shutdown in progress.");
			admin.send(RespClient.encode(RespClient.args("SHUTDOWN", "NOSAVE")));
			assertThat(admin.drainUntilClosed(5_000)).isTrue();
			assertThat(runner.drainUntilClosed(5_000)).isTrue();
		}
		long deadline = System.currentTimeMillis() + 5_000;
		while (server.isRunning() && System.currentTimeMillis() < deadline) {
			Thread.sleep(10);
		}
		assertThat(server.isRunning()).isFalse();
	}

	@Test
	void configRewriteThroughTheServer() throws IOException {
		Path conf = this.dir.resolve("group.conf");
		Files.writeString(conf, "maxmemory 10mb\n");
		try (CachalotServer server = CachalotServer.builder().configFile(conf).start();
				RespClient c = new RespClient("127.0.0.1", server.port())) {
			assertThat(c.call("CONFIG", "SET", "maxmemory", "20mb", "maxmemory-policy", "allkeys-lru")).isEqualTo("+OK");
			assertThat(c.call("CONFIG", "SET", "maxmemory-policy", "nope")).startsWith(
					"-ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of");
			assertThat(c.call("CONFIG", "SET", "nope", "1"))
				.isEqualTo("-ERR Unknown option or number of arguments for CONFIG SET - 'nope'");
			assertThat(c.call("CONFIG", "SET", "hz", "5", "hz", "6"))
				.isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'hz') - duplicate parameter");
			assertThat(c.call("CONFIG", "REWRITE")).isEqualTo("+OK");
			assertThat(c.call("INFO", "memory")).contains("maxmemory:20971520", "maxmemory_policy:allkeys-lru");
		}
		assertThat(Files.readString(conf)).contains("maxmemory 20971520", "maxmemory-policy allkeys-lru");
		try (CachalotServer server = CachalotServer.builder().start();
				RespClient c = new RespClient("127.0.0.1", server.port())) {
			assertThat(c.call("CONFIG", "REWRITE")).isEqualTo("-ERR The server is running without a config file");
		}
	}

	@Test
	void standaloneMainStartsFromTheCommandLineAndStopsOnSigterm() throws Exception {
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		String java = ProcessHandle.current().info().command().orElse("java");
		Process process = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
				Main.class.getName(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--dir",
				this.dir.toString(),
				"--rename-command", "CONFIG", ""))
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("out.log").toFile())
			.start();
		try {
			RespClient c = connect(port, process);
			assertThat(c.call("PING")).isEqualTo("+PONG");
			assertThat(c.call("CONFIG", "GET", "port")).startsWith("-ERR unknown command 'CONFIG'");
			c.close();
			process.destroy(); // SIGTERM
			assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
			assertThat(Files.readString(this.dir.resolve("out.log"))).contains("ready to accept connections")
				.contains("shutting down");
		}
		finally {
			process.destroyForcibly();
		}
	}

	@Test
	void withoutMaxmemoryTheHeapGuardAnswersOomInsteadOfCrashing() throws Exception {
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		String java = ProcessHandle.current().info().command().orElse("java");
		Process process = new ProcessBuilder(List.of(java, "-Xmx64m", "--enable-native-access=ALL-UNNAMED", "-cp",
				System.getProperty("java.class.path"), Main.class.getName(), "--port", Integer.toString(port), "--bind",
				"127.0.0.1", "--dir", this.dir.toString(), "--save", ""))
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("guard.log").toFile())
			.start();
		try (RespClient c = connect(port, process)) {
			String value = "x".repeat(100_000);
			String reply = "";
			int stored = 0;
			while (stored < 2000) {
				reply = c.call("SET", "big:" + stored, value);
				if (!reply.equals("+OK")) {
					break;
				}
				stored++;
			}
			assertThat(reply).isEqualTo("-OOM command not allowed when used memory > 'maxmemory'.");
			assertThat(stored).isBetween(200, 700);
			assertThat(c.call("GET", "big:0")).startsWith("$100000:");
			assertThat(c.call("DEL", "big:0")).isEqualTo(":1");
			assertThat(c.call("PING")).isEqualTo("+PONG");
			assertThat(process.isAlive()).isTrue();
		}
		finally {
			process.destroy();
			process.waitFor(15, TimeUnit.SECONDS);
		}
	}

	@Test
	void badConfigurationExitsWithAMessage() throws Exception {
		String java = ProcessHandle.current().info().command().orElse("java");
		Process process = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
				Main.class.getName(), "--maxmemory-policy", "sometimes"))
			.redirectErrorStream(true)
			.start();
		String output;
		try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			output = String.join("\n", r.lines().toList());
		}
		assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isEqualTo(1);
		assertThat(output).contains("argument(s) must be one of the following");
	}

	private static RespClient connect(int port, Process process) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 15_000;
		while (true) {
			try {
				return new RespClient("127.0.0.1", port);
			}
			catch (RuntimeException ex) {
				if (System.currentTimeMillis() > deadline || !process.isAlive()) {
					throw ex;
				}
				Thread.sleep(100);
			}
		}
	}

}
