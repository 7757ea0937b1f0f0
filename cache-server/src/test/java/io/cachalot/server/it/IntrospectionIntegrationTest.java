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

	/** Redis's bounds: powers of two from 1024 ns, each read at the top of its HdrHistogram slot. */
	private static final List<Long> HISTOGRAM_BOUNDS = List.of(1L, 2L, 4L, 8L, 16L, 33L, 66L, 132L, 264L, 528L, 1056L,
			2113L, 4227L, 8454L, 16908L, 33816L, 67633L, 135266L, 270532L, 541065L, 1082130L);

	@Test
	void latencyHistogramsAreCumulativeAtRedissBounds() {
		try (RespClient c = client()) {
			c.call("CONFIG", "RESETSTAT");
			for (int i = 0; i < 5; i++) {
				c.call("SET", "lh", "v" + i);
			}
			for (int i = 0; i < 3; i++) {
				c.call("GET", "lh");
			}
			String both = c.call("LATENCY", "HISTOGRAM", "set", "no-such-command", "get");
			assertThat(both).startsWith("*4[$3:set,*4[$5:calls,:5,$14:histogram_usec,*").contains("$3:get,*4[$5:calls,:3,");
			assertCumulativeAtRedisBounds(c.call("LATENCY", "HISTOGRAM", "set"), 5);
			assertThat(c.call("LATENCY", "HISTOGRAM", "config")).as("a container brings its subcommands")
				.startsWith("*2[$16:config|resetstat,*4[$5:calls,:1,");
			assertThat(c.call("LATENCY", "HISTOGRAM")).contains("$3:set,", "$3:get,", "$17:latency|histogram,");
			assertThat(c.call("HELLO", "3")).startsWith("%");
			assertThat(c.call("LATENCY", "HISTOGRAM", "get")).startsWith("%1[$3:get,%2[$5:calls,:3,$14:histogram_usec,%");

			c.call("CONFIG", "SET", "latency-tracking", "no");
			c.call("SET", "lh", "untracked");
			assertThat(c.call("LATENCY", "HISTOGRAM", "set")).contains("$5:calls,:5,");
			c.call("CONFIG", "SET", "latency-tracking", "yes");
			c.call("CONFIG", "RESETSTAT");
			assertThat(c.call("LATENCY", "HISTOGRAM", "set")).isEqualTo("%0[]");
		}
	}

	@Test
	void redisReportsTheSameBounds() {
		try (RespClient redis = ReferenceRedis.connectOrSkip()) {
			redis.call("SELECT", "13");
			redis.call("SET", "cachalot-lh:bounds", "1");
			String histogram = redis.call("LATENCY", "HISTOGRAM", "set");
			assertThat(histogram).startsWith("*2[$3:set,*4[$5:calls,");
			long calls = Long.parseLong(histogram.replaceFirst("^\\*2\\[\\$3:set,\\*4\\[\\$5:calls,:(\\d+),.*", "$1"));
			assertCumulativeAtRedisBounds(histogram, calls);
			redis.call("DEL", "cachalot-lh:bounds");
		}
	}

	private static void assertCumulativeAtRedisBounds(String histogram, long calls) {
		String pairs = histogram.substring(histogram.indexOf("$14:histogram_usec,") + 19);
		pairs = pairs.substring(pairs.indexOf('[') + 1, pairs.indexOf(']'));
		String[] numbers = pairs.replace(":", "").split(",");
		assertThat(numbers.length % 2).isZero();
		long previous = 0;
		for (int i = 0; i < numbers.length; i += 2) {
			assertThat(HISTOGRAM_BOUNDS).contains(Long.parseLong(numbers[i]));
			long cumulative = Long.parseLong(numbers[i + 1]);
			assertThat(cumulative).isGreaterThan(previous);
			previous = cumulative;
		}
		assertThat(previous).isEqualTo(calls);
	}

	@Test
	void latencystatsShowTheConfiguredPercentiles() {
		try (RespClient c = client()) {
			c.call("GET", "lh");
			assertThat(c.call("INFO", "latencystats"))
				.containsPattern("latency_percentiles_usec_get:p50=\\d+\\.\\d{3},p99=\\d+\\.\\d{3},p99\\.9=\\d+\\.\\d{3}");
			assertThat(c.call("INFO")).doesNotContain("latency_percentiles");
			assertThat(c.call("INFO", "everything")).contains("# Latencystats");
			c.call("CONFIG", "SET", "latency-tracking-info-percentiles", "25.50 99.990");
			assertThat(c.call("CONFIG", "GET", "latency-tracking-info-percentiles")).contains("$10:25.5 99.99");
			assertThat(c.call("INFO", "latencystats")).containsPattern("latency_percentiles_usec_get:p25\\.5=[0-9.]+,p99\\.99=");
			c.call("CONFIG", "SET", "latency-tracking-info-percentiles", "");
			assertThat(c.call("INFO", "latencystats")).contains("latency_percentiles_usec_get:\r\n");
			c.call("CONFIG", "SET", "latency-tracking-info-percentiles", "50 99 99.9");
		}
	}

	@Test
	void helpTextsAndErrorsMatchRedis() {
		MultiClientScript.assertSameAsRedis(this::client, 1, List.of(), List.of(
				new Call(0, "SLOWLOG", "HELP"),
				new Call(0, "SLOWLOG", "GET", "-5"),
				new Call(0, "SLOWLOG", "GET", "1", "2"),
				new Call(0, "LATENCY", "HISTORY", "no-such-event"),
				new Call(0, "LATENCY", "RESET", "no-such-event"),
				new Call(0, "CONFIG", "SET", "latency-tracking-info-percentiles", "50 101"),
				new Call(0, "CONFIG", "SET", "latency-tracking-info-percentiles", "50 abc"),
				new Call(0, "CONFIG", "SET", "latency-tracking", "maybe"),
				new Call(0, "LATENCY", "HISTOGRAM", "no-such-command")), () -> {
				});
	}

}
