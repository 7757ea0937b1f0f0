package io.cachalot.server.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.CachalotServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RDB snapshots end to end: SAVE and BGSAVE, a restart that loads the file back (TTLs,
 * every database, function libraries), the save rules, SHUTDOWN with and without saving, a
 * damaged file — and, where Debian's Redis binaries are installed, {@code redis-check-rdb}
 * checking Cachalot's file and a private {@code redis-server} loading it, and the other way
 * round.
 */
class RdbPersistenceIntegrationTest {

	@TempDir
	Path dir;

	private CachalotServer start(String... directives) {
		CachalotServer.Builder builder = CachalotServer.builder().port(0).config("dir", this.dir.toString());
		for (int i = 0; i < directives.length; i += 2) {
			builder.config(directives[i], directives[i + 1]);
		}
		return builder.start();
	}

	/** The same data on any server, by commands (RESP), in databases 0 and 3. */
	private static void fill(RespClient c) {
		c.call("SET", "greeting", "hello");
		c.call("SET", "counter", "42");
		c.call("SET", "session", "short-lived", "EX", "3600");
		c.call("RPUSH", "list", "a", "b", "c");
		c.call("SADD", "set", "1", "2", "x");
		c.call("HSET", "hash", "f1", "v1", "f2", "v2");
		c.call("ZADD", "zset", "1.5", "a", "-3", "b");
		c.call("XADD", "stream", "1-1", "event", "created");
		c.call("XADD", "stream", "1-2", "event", "paid", "amount", "12");
		c.call("XGROUP", "CREATE", "stream", "billing", "0");
		c.call("XREADGROUP", "GROUP", "billing", "worker", "COUNT", "1", "STREAMS", "stream", ">");
		c.call("SELECT", "3");
		c.call("SET", "in-db-3", "three");
		c.call("SELECT", "0");
	}

	/** What {@link #fill} wrote, read back the same way on any server. */
	private static List<String> read(RespClient c) {
		List<String> out = new ArrayList<>();
		out.add(c.call("GET", "greeting"));
		out.add(c.call("GET", "counter"));
		out.add(c.call("GET", "session"));
		long ttl = Long.parseLong(c.call("TTL", "session").substring(1));
		out.add("ttl kept: " + (ttl > 3500 && ttl <= 3600));
		out.add(c.call("LRANGE", "list", "0", "-1"));
		out.add(c.call("SORT", "set", "ALPHA"));
		out.add(c.call("HGET", "hash", "f2"));
		out.add(c.call("ZRANGE", "zset", "0", "-1", "WITHSCORES"));
		out.add(c.call("XRANGE", "stream", "-", "+"));
		out.add(c.call("XINFO", "GROUPS", "stream"));
		out.add(c.call("XPENDING", "stream", "billing"));
		c.call("SELECT", "3");
		out.add(c.call("GET", "in-db-3"));
		c.call("SELECT", "0");
		out.add(c.call("DBSIZE"));
		return out;
	}

	@Test
	void aSavedSnapshotComesBackAfterARestart() throws InterruptedException {
		List<String> before;
		try (CachalotServer server = start(); RespClient c = new RespClient("127.0.0.1", server.port())) {
			fill(c);
			c.call("FUNCTION", "LOAD", "#!lua name=persisted\nredis.register_function('answer', function() return 42 end)");
			before = read(c);
			c.call("SET", "gone-soon", "x", "PX", "1");
			Thread.sleep(5);
			assertThat(c.call("INFO", "persistence")).contains("rdb_changes_since_last_save:");
			assertThat(c.call("SAVE")).isEqualTo("+OK");
			assertThat(c.call("INFO", "persistence")).contains("rdb_changes_since_last_save:0");
			assertThat(Long.parseLong(c.call("LASTSAVE").substring(1))).isGreaterThan(System.currentTimeMillis() / 1000 - 5);
		}
		assertThat(this.dir.resolve("dump.rdb")).exists();
		try (CachalotServer server = start(); RespClient c = new RespClient("127.0.0.1", server.port())) {
			assertThat(read(c)).isEqualTo(before);
			assertThat(c.call("EXISTS", "gone-soon")).isEqualTo(":0");
			assertThat(c.call("FCALL", "answer", "0")).isEqualTo(":42");
		}
	}

	@Test
	void backgroundSavesRunWhileClientsWrite() throws Exception {
		try (CachalotServer server = start(); RespClient c = new RespClient("127.0.0.1", server.port());
				RespClient writer = new RespClient("127.0.0.1", server.port())) {
			for (int i = 0; i < 20_000; i++) {
				c.send(RespClient.encode(RespClient.args("RPUSH", "big", "element-" + i)));
			}
			for (int i = 0; i < 20_000; i++) {
				c.readReply();
			}
			assertThat(c.call("BGSAVE")).isEqualTo("+Background saving started");
			// writes go on while the snapshot is written; the file holds the list as it was
			for (int i = 0; i < 500; i++) {
				writer.call("LPOP", "big");
			}
			long deadline = System.currentTimeMillis() + 10_000;
			while (c.call("INFO", "persistence").contains("rdb_bgsave_in_progress:1")) {
				assertThat(System.currentTimeMillis()).isLessThan(deadline);
				Thread.sleep(20);
			}
			assertThat(c.call("INFO", "persistence")).contains("rdb_last_bgsave_status:ok");
		}
		try (CachalotServer server = start(); RespClient c = new RespClient("127.0.0.1", server.port())) {
			long length = Long.parseLong(c.call("LLEN", "big").substring(1));
			assertThat(length).as("the snapshot's instant: before, or after some of the pops, never torn")
				.isBetween(19_500L, 20_000L);
			assertThat(c.call("LINDEX", "big", "-1")).isEqualTo("$13:element-19999");
		}
	}

	@Test
	void saveRulesAndShutdown() throws Exception {
		try (CachalotServer server = start("save", "1 1"); RespClient c = new RespClient("127.0.0.1", server.port())) {
			c.call("SET", "k", "v");
			long deadline = System.currentTimeMillis() + 5_000;
			while (!Files.exists(this.dir.resolve("dump.rdb"))) {
				assertThat(System.currentTimeMillis()).as("saved by the rule").isLessThan(deadline);
				Thread.sleep(50);
			}
			c.call("SET", "after", "the rule");
			c.send(RespClient.encode(RespClient.args("SHUTDOWN")));
			assertThat(c.drainUntilClosed(10_000)).isTrue();
		}
		try (CachalotServer server = start(); RespClient c = new RespClient("127.0.0.1", server.port())) {
			assertThat(c.call("GET", "after")).as("saved at SHUTDOWN").isEqualTo("$8:the rule");
			c.call("SET", "not", "saved");
			c.send(RespClient.encode(RespClient.args("SHUTDOWN", "NOSAVE")));
			assertThat(c.drainUntilClosed(10_000)).isTrue();
		}
		try (CachalotServer server = start(); RespClient c = new RespClient("127.0.0.1", server.port())) {
			assertThat(c.call("EXISTS", "not")).isEqualTo(":0");
			assertThat(c.call("BGSAVE", "NOW")).isEqualTo("-ERR syntax error");
		}
	}

	@Test
	void savesGoToTheConfiguredDirectoryWhichMustExist() throws IOException {
		Path other = Files.createDirectory(this.dir.resolve("other"));
		try (CachalotServer server = start(); RespClient c = new RespClient("127.0.0.1", server.port())) {
			assertThat(c.call("CONFIG", "SET", "dir", other.toString()))
				.as("protected, as in Redis 7: a client could otherwise write files anywhere")
				.isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config");
		}
		try (CachalotServer server = start("enable-protected-configs", "local");
				RespClient c = new RespClient("127.0.0.1", server.port())) {
			assertThat(c.call("CONFIG", "SET", "dir", this.dir.resolve("missing").toString()))
				.isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory");
			assertThat(c.call("CONFIG", "SET", "dir", other.toString(), "dbfilename", "backup.rdb")).isEqualTo("+OK");
			c.call("SET", "k", "v");
			assertThat(c.call("SAVE")).isEqualTo("+OK");
		}
		assertThat(other.resolve("backup.rdb")).exists();
		assertThat(this.dir.resolve("dump.rdb")).doesNotExist();
		assertThatThrownBy(() -> CachalotServer.builder().port(0).config("dir", this.dir.resolve("missing").toString()).start())
			.hasMessageContaining("No such file or directory");
	}

	/** SHUTDOWN SAVE without rules saves; a save that fails keeps the server up unless FORCE. */
	@Test
	void shutdownSaveAndFailingSaves() throws Exception {
		try (CachalotServer server = start(); RespClient c = new RespClient("127.0.0.1", server.port())) {
			c.call("SET", "k", "v");
			c.send(RespClient.encode(RespClient.args("SHUTDOWN", "SAVE")));
			assertThat(c.drainUntilClosed(10_000)).isTrue();
		}
		assertThat(this.dir.resolve("dump.rdb")).as("saved although no save rule is set").exists();
		Files.delete(this.dir.resolve("dump.rdb"));
		// a directory where the file should go: every save fails
		Files.createDirectories(this.dir.resolve("dump.rdb").resolve("blocker"));
		try (CachalotServer server = start("save", "3600 1"); RespClient c = new RespClient("127.0.0.1", server.port())) {
			c.call("SET", "k", "v");
			assertThat(c.call("SAVE")).startsWith("-ERR ");
			assertThat(c.call("BGSAVE")).isEqualTo("+Background saving started");
			long deadline = System.currentTimeMillis() + 10_000;
			while (!c.call("INFO", "persistence").contains("rdb_last_bgsave_status:err")) {
				assertThat(System.currentTimeMillis()).as("the failed background save reported").isLessThan(deadline);
				Thread.sleep(20);
			}
			assertThat(c.call("SET", "still", "writable")).as("writes go on").isEqualTo("+OK");
			assertThat(c.call("SHUTDOWN")).isEqualTo("-ERR Errors trying to SHUTDOWN. Check logs.");
			assertThat(c.call("PING")).isEqualTo("+PONG");
			c.send(RespClient.encode(RespClient.args("SHUTDOWN", "FORCE")));
			assertThat(c.drainUntilClosed(10_000)).isTrue();
		}
		assertThat(Files.list(this.dir).filter(f -> f.getFileName().toString().startsWith("temp-")))
			.as("no temporary file left behind").isEmpty();
	}

	@Test
	void aDamagedFileStopsTheStart() throws IOException {
		try (CachalotServer server = start(); RespClient c = new RespClient("127.0.0.1", server.port())) {
			c.call("SET", "k", "v");
			c.call("SAVE");
		}
		Path file = this.dir.resolve("dump.rdb");
		byte[] bytes = Files.readAllBytes(file);
		bytes[bytes.length - 12] ^= 0x40;
		Files.write(file, bytes);
		assertThatThrownBy(this::start).hasMessageContaining("Failed loading the RDB file");
	}

	/** Memcached items keep their client flags across a restart; the file stays one Redis reads. */
	@Test
	void memcachedItemsKeepTheirFlags() throws Exception {
		try (CachalotServer server = CachalotServer.builder().port(0).memcachedPort(0).config("dir", this.dir.toString())
			.start(); McClient mc = new McClient(server.memcachedPort());
				RespClient c = new RespClient("127.0.0.1", server.port())) {
			assertThat(mc.call("set typed 1234 0 5\r\nvalue\r\n")).isEqualTo("STORED\r\n");
			assertThat(mc.call("set plain 0 0 1\r\nv\r\n")).isEqualTo("STORED\r\n");
			assertThat(c.call("SAVE")).isEqualTo("+OK");
		}
		try (CachalotServer server = CachalotServer.builder().port(0).memcachedPort(0).config("dir", this.dir.toString())
			.start(); McClient mc = new McClient(server.memcachedPort())) {
			assertThat(mc.call("get typed plain\r\n"))
				.isEqualTo("VALUE typed 1234 5\r\nvalue\r\nVALUE plain 0 1\r\nv\r\nEND\r\n");
		}
		PrivateRedis.assumeInstalled();
		try (PrivateRedis redis = new PrivateRedis(this.dir); RespClient c = redis.connect()) {
			assertThat(c.call("GET", "typed")).as("Redis skips the flags field").isEqualTo("$5:value");
		}
	}

	@Test
	void redisChecksAndLoadsCachalotsFile() throws Exception {
		Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "redis-server is not installed");
		List<String> expected;
		try (CachalotServer server = start(); RespClient c = new RespClient("127.0.0.1", server.port())) {
			fill(c);
			expected = read(c);
			c.call("SAVE");
		}
		if (Files.isExecutable(Path.of("/usr/bin/redis-check-rdb"))) {
			Process check = new ProcessBuilder("/usr/bin/redis-check-rdb", this.dir.resolve("dump.rdb").toString())
				.redirectErrorStream(true)
				.start();
			String report = new String(check.getInputStream().readAllBytes());
			assertThat(check.waitFor()).as(report).isZero();
			assertThat(report).contains("RDB looks OK");
		}
		try (PrivateRedis redis = new PrivateRedis(this.dir); RespClient c = redis.connect()) {
			assertThat(read(c)).isEqualTo(expected);
		}
	}

	@Test
	void cachalotLoadsRedissFile() throws Exception {
		Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "redis-server is not installed");
		List<String> expected;
		try (PrivateRedis redis = new PrivateRedis(this.dir); RespClient c = redis.connect()) {
			fill(c);
			// compact encodings (listpacks, intsets) and a long string Redis compresses
			c.call("SET", "long", "cachalot ".repeat(500));
			c.call("FUNCTION", "LOAD", "#!lua name=fromredis\nredis.register_function('seven', function() return 7 end)");
			expected = read(c);
			assertThat(c.call("SAVE")).isEqualTo("+OK");
		}
		try (CachalotServer server = start(); RespClient c = new RespClient("127.0.0.1", server.port())) {
			List<String> actual = read(c);
			// Redis's DBSIZE counted the extra key
			assertThat(actual.subList(0, actual.size() - 1)).isEqualTo(expected.subList(0, expected.size() - 1));
			assertThat(c.call("STRLEN", "long")).isEqualTo(":4500");
			assertThat(c.call("FCALL", "seven", "0")).isEqualTo(":7");
		}
	}

}
