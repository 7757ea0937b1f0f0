package io.cachalot.server.it;

import io.cachalot.server.CachalotServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Configured limits: auth, disabled commands, client and buffer limits, memory. */
class LimitsIntegrationTest {

	@Test
	void requirepassGatesEverythingButAuthAndHello() {
		try (CachalotServer server = CachalotServer.builder().requirepass("s3cret").start();
				RespClient c = new RespClient("127.0.0.1", server.port())) {
			assertThat(c.call("GET", "k")).isEqualTo("-NOAUTH Authentication required.");
			assertThat(c.call("AUTH", "wrong")).isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.");
			assertThat(c.call("AUTH", "other", "s3cret"))
				.isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.");
			assertThat(c.call("HELLO", "3")).startsWith("-NOAUTH HELLO must be called with the client already authenticated");
			assertThat(c.call("HELLO", "3", "AUTH", "default", "s3cret")).startsWith("%7[");
			assertThat(c.call("GET", "k")).isEqualTo("_");
			assertThat(c.call("RESET")).isEqualTo("+RESET");
			assertThat(c.call("PING")).isEqualTo("-NOAUTH Authentication required.");
			assertThat(c.call("AUTH", "s3cret")).isEqualTo("+OK");
			assertThat(c.call("PING")).isEqualTo("+PONG");
		}
	}

	@Test
	void renameCommandDisablesAndRenames() {
		try (CachalotServer server = CachalotServer.builder().renameCommand("CONFIG", "")
			.renameCommand("flushall", "nuke-everything")
			.start(); RespClient c = new RespClient("127.0.0.1", server.port())) {
			assertThat(c.call("CONFIG", "GET", "port")).startsWith("-ERR unknown command 'CONFIG'");
			assertThat(c.call("FLUSHALL")).startsWith("-ERR unknown command 'FLUSHALL'");
			assertThat(c.call("NUKE-EVERYTHING")).isEqualTo("+OK");
			assertThat(c.call("COMMAND", "INFO", "config")).isEqualTo("*1[$-1]");
		}
	}

	@Test
	void maxclientsRejectsWithRedisError() {
		try (CachalotServer server = CachalotServer.builder().config("maxclients", "2").start();
				RespClient a = new RespClient("127.0.0.1", server.port());
				RespClient b = new RespClient("127.0.0.1", server.port())) {
			assertThat(a.call("PING")).isEqualTo("+PONG");
			assertThat(b.call("PING")).isEqualTo("+PONG");
			try (RespClient c = new RespClient("127.0.0.1", server.port())) {
				assertThat(c.readReply()).isEqualTo("-ERR max number of clients reached");
				assertThat(c.isClosedByServer(2000)).isTrue();
			}
			assertThat(server.context().stats().rejectedConnections.sum()).isEqualTo(1);
		}
	}

	@Test
	void queryBufferLimitAndProtoMaxBulkLen() {
		try (CachalotServer server = CachalotServer.builder().config("client-query-buffer-limit", "1mb")
			.config("proto-max-bulk-len", "2mb")
			.start(); RespClient c = new RespClient("127.0.0.1", server.port());
				RespClient big = new RespClient("127.0.0.1", server.port())) {
			assertThat(c.call("SET", "k", "x".repeat(1000))).isEqualTo("+OK");
			big.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2000000\r\n" + "y".repeat(1_100_000));
			assertThat(big.isClosedByServer(3000)).isTrue();
			assertThat(c.call("STRLEN", "k")).isEqualTo(":1000");
			try (RespClient huge = new RespClient("127.0.0.1", server.port())) {
				huge.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3000000\r\n");
				assertThat(huge.readReply()).isEqualTo("-ERR Protocol error: invalid bulk length");
			}
		}
	}

	@Test
	void idleClientsAreClosedAfterTimeout() {
		try (CachalotServer server = CachalotServer.builder().config("timeout", "1").start();
				RespClient c = new RespClient("127.0.0.1", server.port())) {
			assertThat(c.call("PING")).isEqualTo("+PONG");
			assertThat(c.isClosedByServer(4000)).isTrue();
		}
	}

	@Test
	void noevictionAnswersOomToWritesButServesReads() {
		try (CachalotServer server = CachalotServer.builder().maxmemory("100kb").start();
				RespClient c = new RespClient("127.0.0.1", server.port())) {
			String value = "v".repeat(1000);
			int stored = 0;
			String reply = "";
			for (int i = 0; i < 500; i++) {
				reply = c.call("SET", "k" + i, value);
				if (!reply.equals("+OK")) {
					break;
				}
				stored++;
			}
			assertThat(reply).isEqualTo("-OOM command not allowed when used memory > 'maxmemory'.");
			assertThat(stored).isBetween(80, 110);
			assertThat(c.call("GET", "k0")).startsWith("$1000:");
			assertThat(c.call("DEL", "k0")).isEqualTo(":1");
			assertThat(c.call("INFO", "stats")).contains("evicted_keys:0");
		}
	}

	@Test
	void allkeysLruEvictsToStayUnderTheLimitAndKeepsHotKeys() throws InterruptedException {
		try (CachalotServer server = CachalotServer.builder().maxmemory("200kb").maxmemoryPolicy("allkeys-lru")
			.config("maxmemory-samples", "10")
			.start(); RespClient c = new RespClient("127.0.0.1", server.port())) {
			String value = "v".repeat(500);
			for (int i = 0; i < 300; i++) {
				assertThat(c.call("SET", "old" + i, value)).isEqualTo("+OK");
			}
			for (int h = 0; h < 20; h++) {
				c.call("SET", "hot" + h, value);
			}
			// the LRU clock ticks in seconds, as Redis's: let the old keys age
			Thread.sleep(2100);
			for (int h = 0; h < 20; h++) {
				c.call("GET", "hot" + h);
			}
			for (int i = 0; i < 100; i++) {
				assertThat(c.call("SET", "new" + i, value)).isEqualTo("+OK");
			}
			// eviction runs before each command, so the last write may overshoot by one entry
			long used = server.context().keyspace().usedBytes();
			assertThat(used).isLessThanOrEqualTo(200 * 1024 + 1024);
			assertThat(c.call("INFO", "stats")).containsPattern("evicted_keys:[1-9]\\d+");
			int hotLeft = 0;
			for (int h = 0; h < 20; h++) {
				hotLeft += c.call("EXISTS", "hot" + h).equals(":1") ? 1 : 0;
			}
			assertThat(hotLeft).isGreaterThanOrEqualTo(18);
		}
	}

	@Test
	void allkeysLfuKeepsFrequentlyUsedKeys() {
		try (CachalotServer server = CachalotServer.builder().maxmemory("200kb").maxmemoryPolicy("allkeys-lfu")
			.config("maxmemory-samples", "10")
			.start(); RespClient c = new RespClient("127.0.0.1", server.port())) {
			String value = "v".repeat(500);
			for (int h = 0; h < 20; h++) {
				c.call("SET", "hot" + h, value);
				for (int n = 0; n < 100; n++) {
					c.call("GET", "hot" + h);
				}
			}
			assertThat(c.call("OBJECT", "FREQ", "hot0")).matches(":([6-9]|\\d\\d+)");
			for (int i = 0; i < 600; i++) {
				assertThat(c.call("SET", "cold" + i, value)).isEqualTo("+OK");
			}
			assertThat(c.call("INFO", "stats")).containsPattern("evicted_keys:[1-9]\\d+");
			int hotLeft = 0;
			for (int h = 0; h < 20; h++) {
				hotLeft += c.call("EXISTS", "hot" + h).equals(":1") ? 1 : 0;
			}
			assertThat(hotLeft).isGreaterThanOrEqualTo(18);
		}
	}

	@Test
	void volatileLruNeverEvictsKeysWithoutTtl() {
		try (CachalotServer server = CachalotServer.builder().maxmemory("150kb").maxmemoryPolicy("volatile-lru").start();
				RespClient c = new RespClient("127.0.0.1", server.port())) {
			String value = "v".repeat(500);
			for (int i = 0; i < 100; i++) {
				assertThat(c.call("SET", "keep" + i, value)).isEqualTo("+OK");
			}
			// writes of keys with a TTL make room by evicting older keys with a TTL
			for (int i = 0; i < 400; i++) {
				assertThat(c.call("SET", "temp" + i, value, "EX", "1000")).isEqualTo("+OK");
			}
			for (int i = 0; i < 100; i++) {
				assertThat(c.call("EXISTS", "keep" + i)).isEqualTo(":1");
			}
			// with no key left that has a TTL, writes are refused instead
			for (int i = 0; i < 400; i++) {
				c.call("PERSIST", "temp" + i);
			}
			String reply = "";
			for (int i = 0; i < 5 && !reply.startsWith("-"); i++) {
				reply = c.call("SET", "persistent" + i, value);
			}
			assertThat(reply).isEqualTo("-OOM command not allowed when used memory > 'maxmemory'.");
			assertThat(c.call("INFO", "stats")).containsPattern("evicted_keys:[1-9]\\d*");
		}
	}

}
