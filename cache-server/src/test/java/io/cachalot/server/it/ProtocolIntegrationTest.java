package io.cachalot.server.it;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Raw-protocol behaviour: replies byte for byte, errors, pipelining, bad input. */
class ProtocolIntegrationTest extends EmbeddedServerTest {

	@BeforeEach
	void clean() {
		try (RespClient c = client()) {
			c.call("FLUSHALL");
		}
	}

	@Test
	void errorRepliesUseRedisTexts() {
		try (RespClient c = client()) {
			assertThat(c.call("NOSUCH", "a", "b")).isEqualTo("-ERR unknown command 'NOSUCH', with args beginning with: 'a' 'b' ");
			assertThat(c.call("GET")).isEqualTo("-ERR wrong number of arguments for 'get' command");
			assertThat(c.call("CLIENT", "SETNAME")).isEqualTo("-ERR wrong number of arguments for 'client|setname' command");
			assertThat(c.call("CLIENT", "FOO")).isEqualTo("-ERR unknown subcommand 'FOO'. Try CLIENT HELP.");
			assertThat(c.call("SET", "k", "v", "NX", "XX")).isEqualTo("-ERR syntax error");
			assertThat(c.call("SET", "k", "v", "EX", "0")).isEqualTo("-ERR invalid expire time in 'set' command");
			assertThat(c.call("SET", "k", "v", "EX", "x")).isEqualTo("-ERR value is not an integer or out of range");
			assertThat(c.call("HELLO", "4")).isEqualTo("-NOPROTO unsupported protocol version");
			assertThat(c.call("EXPIRE", "k", "10", "NX", "XX"))
				.isEqualTo("-ERR NX and XX, GT or LT options at the same time are not compatible");
			assertThat(c.call("get", "k")).isEqualTo("$-1");
			assertThat(c.call("gEt", "k")).isEqualTo("$-1");
		}
	}

	@Test
	void inlineCommandsWork() {
		try (RespClient c = client()) {
			c.send("SET greeting \"hello world\"\r\nGET greeting\r\n\r\nPING\n");
			assertThat(c.readReply()).isEqualTo("+OK");
			assertThat(c.readReply()).isEqualTo("$11:hello world");
			assertThat(c.readReply()).isEqualTo("+PONG");
		}
	}

	@Test
	void pipelinedRepliesArriveInOrder() {
		try (RespClient c = client()) {
			StringBuilder batch = new StringBuilder();
			for (int i = 0; i < 5000; i++) {
				batch.append(new String(RespClient.encode(RespClient.args("INCR", "n")), StandardCharsets.UTF_8));
			}
			c.send(batch.toString());
			for (int i = 1; i <= 5000; i++) {
				assertThat(c.readReply()).isEqualTo(":" + i);
			}
		}
	}

	@Test
	void resp3RepliesAfterHello() {
		try (RespClient c = client()) {
			String hello = c.call("HELLO", "3", "SETNAME", "r3");
			assertThat(hello).startsWith("%7[$6:server,$5:redis,$7:version,").contains("$5:proto,:3");
			assertThat(c.call("GET", "missing")).isEqualTo("_");
			assertThat(c.call("CONFIG", "GET", "maxmemory")).isEqualTo("%1[$9:maxmemory,$1:0]");
			assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("$2:r3");
			assertThat(c.call("INFO", "cluster")).startsWith("=");
			assertThat(c.call("RESET")).isEqualTo("+RESET");
			assertThat(c.call("CONFIG", "GET", "maxmemory")).isEqualTo("*2[$9:maxmemory,$1:0]");
		}
	}

	@Test
	void malformedFrameClosesOnlyThatConnection() {
		try (RespClient bad = client(); RespClient good = client()) {
			good.call("SET", "survivor", "yes");
			bad.send("*1\r\n$abc\r\n");
			assertThat(bad.readReply()).isEqualTo("-ERR Protocol error: invalid bulk length");
			assertThat(bad.isClosedByServer(2000)).isTrue();
			assertThat(good.call("GET", "survivor")).isEqualTo("$3:yes");
		}
	}

	@Test
	void halfFrameThenSilenceCostsOnlyItsBuffer() {
		try (RespClient slow = client(); RespClient other = client()) {
			slow.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\nabc");
			assertThat(other.call("PING")).isEqualTo("+PONG");
			assertThat(other.call("CLIENT", "LIST")).contains("qbuf=");
			slow.send("x".repeat(97) + "\r\n");
			assertThat(slow.readReply()).isEqualTo("+OK");
			assertThat(other.call("STRLEN", "k")).isEqualTo(":100");
		}
	}

	@Test
	void quitClosesAfterReplying() {
		try (RespClient c = client()) {
			assertThat(c.call("QUIT")).isEqualTo("+OK");
			assertThat(c.isClosedByServer(2000)).isTrue();
		}
	}

	@Test
	void clientPauseHoldsWritesUntilItEnds() {
		try (RespClient admin = client(); RespClient writer = client()) {
			assertThat(admin.call("CLIENT", "PAUSE", "300", "WRITE")).isEqualTo("+OK");
			long start = System.nanoTime();
			assertThat(writer.call("GET", "x")).isEqualTo("$-1");
			assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(250);
			assertThat(writer.call("SET", "x", "1")).isEqualTo("+OK");
			assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(250);
			assertThat(admin.call("CLIENT", "PAUSE", "10000", "ALL")).isEqualTo("+OK");
			assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo("+OK");
			assertThat(writer.call("GET", "x")).isEqualTo("$1:1");
		}
	}

	@Test
	void debugSleepAndMemoryCommands() {
		try (RespClient c = client()) {
			long start = System.nanoTime();
			assertThat(c.call("DEBUG", "SLEEP", "0.1")).isEqualTo("+OK");
			assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(95);
			c.call("SET", "k", "v");
			assertThat(c.call("MEMORY", "USAGE", "k")).startsWith(":");
			assertThat(c.call("MEMORY", "STATS")).contains("$10:keys.count,:1");
			assertThat(c.call("OBJECT", "ENCODING", "nokey")).isEqualTo("$-1");
			assertThat(c.call("COMMAND", "GETKEYS", "ECHO", "hi")).isEqualTo("-ERR The command has no key arguments");
			assertThat(c.call("COMMAND", "GETKEYS", "PING"))
				.isEqualTo("-ERR wrong number of arguments for 'command|getkeys' command");
		}
	}

	@Test
	void lcsIdxRepliesLikeRedis() {
		try (RespClient c = client()) {
			c.call("MSET", "key1", "ohmytext", "key2", "mynewtext");
			assertThat(c.call("LCS", "key1", "key2")).isEqualTo("$6:mytext");
			assertThat(c.call("LCS", "key1", "key2", "LEN")).isEqualTo(":6");
			assertThat(c.call("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"))
				.isEqualTo("*4[$7:matches,*1[*3[*2[:4,:7],*2[:5,:8],:4]],$3:len,:6]");
		}
	}

	@Test
	void keyspaceTimeAndTypes() {
		try (RespClient c = client()) {
			assertThat(c.call("SET", "s", "1", "PX", "100000")).isEqualTo("+OK");
			assertThat(c.call("TYPE", "s")).isEqualTo("+string");
			assertThat(c.call("PTTL", "s")).matches(":(99\\d\\d\\d|100000)");
			assertThat(c.call("EXPIRE", "s", "-1")).isEqualTo(":1");
			assertThat(c.call("EXISTS", "s")).isEqualTo(":0");
			List<String> unused = List.of();
			assertThat(unused).isEmpty();
		}
	}

}
