package io.cachalot.server.it;

import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.it.MultiClientScript.Call;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SLOWLOG (thresholds, Redis's argument truncation, GET / LEN / RESET), the latency monitor
 * (LATEST / HISTORY / RESET over DEBUG SLEEP) and MONITOR (Redis's line format and quoting, and
 * what it leaves out), plus the help texts and errors compared with the real Redis.
 */
class IntrospectionIntegrationTest extends EmbeddedServerTest {

	@Test
	void slowlogKeepsSlowCommandsWithRedisTruncation() {
		try (RespClient c = client()) {
			c.call("CLIENT", "SETNAME", "reporter");
			c.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
			c.call("SLOWLOG", "RESET");
			c.call("SET", "k", "x".repeat(200));
			List<String> many = new ArrayList<>(List.of("DEL"));
			for (int i = 0; i < 40; i++) {
				many.add("key" + i);
			}
			c.call(many.toArray(String[]::new));
			String entries = c.call("SLOWLOG", "GET", "2");
			assertThat(entries).startsWith("*2[*6[");
			// Redis keeps 31 arguments and says how many more there were
			assertThat(entries).contains("$3:DEL", "$23:... (10 more arguments)", "$5:key29", "$8:reporter");
			assertThat(entries).doesNotContain("key30");
			assertThat(entries).contains("... (72 more bytes)");
			assertThat(c.call("SLOWLOG", "LEN")).matches(":[3-9]");
			assertThat(c.call("SLOWLOG", "GET", "-2")).isEqualTo("-ERR count should be greater than or equal to -1");
			c.call("CONFIG", "SET", "slowlog-log-slower-than", "-1");
			c.call("SLOWLOG", "RESET");
			c.call("GET", "k");
			assertThat(c.call("SLOWLOG", "LEN")).isEqualTo(":0");
			c.call("CONFIG", "SET", "slowlog-log-slower-than", "10000");
		}
	}

	@Test
	void latencyMonitorRecordsSlowCommands() {
		try (RespClient c = client()) {
			assertThat(c.call("LATENCY", "LATEST")).isEqualTo("*0[]");
			c.call("CONFIG", "SET", "latency-monitor-threshold", "20");
			c.call("DEBUG", "SLEEP", "0.05");
			String latest = c.call("LATENCY", "LATEST");
			assertThat(latest).matches("\\*1\\[\\*4\\[\\$7:command,:\\d+,:(\\d+),:\\d+\\]\\]");
			assertThat(c.call("LATENCY", "HISTORY", "command")).matches("\\*1\\[\\*2\\[:\\d+,:\\d+\\]\\]");
			assertThat(c.call("LATENCY", "HISTORY", "nothing")).isEqualTo("*0[]");
			assertThat(c.call("LATENCY", "RESET", "command", "nothing")).isEqualTo(":1");
			assertThat(c.call("LATENCY", "LATEST")).isEqualTo("*0[]");
			c.call("CONFIG", "SET", "latency-monitor-threshold", "0");
			assertThat(c.call("LATENCY", "HELP")).contains("LATEST");
		}
	}

	@Test
	void monitorStreamsCommandsInRedisFormat() {
		try (RespClient monitor = client(); RespClient other = client()) {
			assertThat(monitor.call("MONITOR")).isEqualTo("+OK");
			other.call("SELECT", "2");
			other.call("SET", "greeting", "hello \"world\"\n");
			other.call("CONFIG", "GET", "port"); // admin: not shown
			other.call("GET", "greeting");
			// as Redis, the database shown is the one after the command ran
			assertThat(monitor.readReply()).matches("\\+\\d+\\.\\d{6} \\[2 127\\.0\\.0\\.1:\\d+\\] \"SELECT\" \"2\"");
			assertThat(monitor.readReply())
				.matches("\\+\\d+\\.\\d{6} \\[2 127\\.0\\.0\\.1:\\d+\\] \"SET\" \"greeting\" \"hello \\\\\"world\\\\\"\\\\n\"");
			assertThat(monitor.readReply()).matches("\\+\\d+\\.\\d{6} \\[2 127\\.0\\.0\\.1:\\d+\\] \"GET\" \"greeting\"");
			assertThat(other.call("CLIENT", "LIST")).contains(" flags=O ");
		}
	}

	@Test
	void helpTextsAndErrorsMatchRedis() {
		MultiClientScript.assertSameAsRedis(this::client, 1, List.of(), List.of(
				new Call(0, "SLOWLOG", "HELP"),
				new Call(0, "SLOWLOG", "GET", "-5"),
				new Call(0, "SLOWLOG", "GET", "1", "2"),
				new Call(0, "LATENCY", "HISTORY", "no-such-event"),
				new Call(0, "LATENCY", "RESET", "no-such-event")), () -> {
				});
	}

}
