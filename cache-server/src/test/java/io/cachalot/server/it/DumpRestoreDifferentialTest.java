package io.cachalot.server.it;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DUMP and RESTORE across Cachalot and the real Redis: every value built the same way on
 * both, Redis's DUMP restored into Cachalot (Redis 7.0's compact encodings: integer and LZF
 * strings, quicklists of listpacks, intsets, listpack hashes and sorted sets) and Cachalot's
 * DUMP restored into Redis, then read back with the type's commands on both. Errors and
 * options as Redis answers them. Database 13, key prefix.
 */
class DumpRestoreDifferentialTest extends EmbeddedServerTest {

	private static final String DB = "13";

	private static final String P = "cachalot-ddiff:";

	private RespClient redis;

	private RespClient cachalot;

	private final List<String> created = new ArrayList<>();

	@BeforeAll
	void connectBoth() {
		this.redis = ReferenceRedis.connectOrSkip();
		this.cachalot = client();
		this.redis.call("SELECT", DB);
		this.cachalot.call("SELECT", DB);
	}

	@AfterAll
	void cleanUp() {
		if (this.redis != null) {
			for (String key : this.created) {
				this.redis.call("DEL", key);
			}
			this.redis.close();
		}
		this.cachalot.close();
	}

	@Test
	void stringsTravelBothWays() {
		check("str-small", "GET", List.<String[]>of(new String[] { "SET", "$", "hello" }));
		check("str-int", "GET", List.<String[]>of(new String[] { "SET", "$", "-12345" }));
		check("str-bigint", "GET", List.<String[]>of(new String[] { "SET", "$", "1234567890123" }));
		// long and repetitive: Redis compresses it with LZF
		check("str-lzf", "GET", List.<String[]>of(new String[] { "SET", "$", "cachalot ".repeat(200) }));
		check("str-empty", "GET", List.<String[]>of(new String[] { "SET", "$", "" }));
	}

	@Test
	void collectionsTravelBothWays() {
		check("list-small", "LRANGE $ 0 -1", List.<String[]>of(new String[] { "RPUSH", "$", "a", "12", "-7", "b", "" }));
		check("list-big", "LRANGE $ 0 -1", fill("RPUSH", 3000, i -> new String[] { "item-" + i + "-" + "x".repeat(i % 50) }));
		check("set-int", "SMEMBERS $", List.<String[]>of(new String[] { "SADD", "$", "1", "-5", "70000", "9223372036854775807" }));
		check("set-str", "SMEMBERS $", List.<String[]>of(new String[] { "SADD", "$", "a", "b", "1" }));
		check("set-big", "SMEMBERS $", fill("SADD", 1000, i -> new String[] { "m" + i }));
		check("hash-small", "HGETALL $", List.<String[]>of(new String[] { "HSET", "$", "f", "v", "n", "42", "neg", "-300000" }));
		check("hash-big", "HGETALL $", fill("HSET", 600, i -> new String[] { "field" + i, "value" + i }));
		check("zset-small", "ZRANGE $ 0 -1 WITHSCORES",
				List.<String[]>of(new String[] { "ZADD", "$", "1.5", "a", "-2", "b", "inf", "c", "0", "d", "12345678", "e" }));
		check("zset-big", "ZRANGE $ 0 -1 WITHSCORES", fill("ZADD", 300, i -> new String[] { Double.toString(i / 3.0), "m" + i }));
	}

	@Test
	void streamsTravelBothWays() {
		List<String[]> writes = new ArrayList<>();
		for (int i = 1; i <= 250; i++) {
			writes.add(new String[] { "XADD", "$", "1000-" + i, "n", Integer.toString(i), "payload", "x".repeat(i % 30) });
		}
		writes.add(new String[] { "XADD", "$", "2000-0", "other", "fields", "here", "12345" });
		writes.add(new String[] { "XDEL", "$", "1000-5", "1000-120" });
		writes.add(new String[] { "XGROUP", "CREATE", "$", "readers", "0" });
		writes.add(new String[] { "XGROUP", "CREATE", "$", "late", "2000-0" });
		writes.add(new String[] { "XREADGROUP", "GROUP", "readers", "alice", "COUNT", "3", "STREAMS", "$", ">" });
		writes.add(new String[] { "XREADGROUP", "GROUP", "readers", "bob", "COUNT", "2", "STREAMS", "$", ">" });
		writes.add(new String[] { "XACK", "$", "readers", "1000-2" });
		writes.add(new String[] { "XGROUP", "CREATECONSUMER", "$", "late", "carol" });
		for (String read : List.of("XRANGE $ - +", "XLEN $", "XINFO GROUPS $", "XPENDING $ readers",
				"XPENDING $ readers - + 10 bob", "XINFO CONSUMERS $ late")) {
			check("stream", read, writes);
		}
		check("stream-empty", "XINFO STREAM $", List.<String[]>of(new String[] { "XADD", "$", "5-5", "f", "v" },
				new String[] { "XDEL", "$", "5-5" }));
	}

	@Test
	void optionsAndErrorsLikeRedis() {
		for (RespClient c : List.of(this.redis, this.cachalot)) {
			c.call("SET", P + "busy", "v");
		}
		this.created.add(P + "busy");
		this.created.add(P + "fresh");
		byte[] payload = this.redis.callBytes("DUMP", P + "busy");
		List<String> replies = new ArrayList<>();
		for (RespClient c : List.of(this.redis, this.cachalot)) {
			List<String> mine = new ArrayList<>();
			mine.add(c.call(restore(P + "busy", "0", payload)));
			mine.add(c.call("RESTORE", P + "fresh", "-1", "x"));
			mine.add(c.call("RESTORE", P + "fresh", "0", "not a payload"));
			mine.add(c.call(restore(P + "fresh", "0", payload, "IDLETIME", "1", "FREQ", "2")));
			mine.add(c.call(restore(P + "fresh", "0", payload, "IDLETIME", "-1")));
			mine.add(c.call(restore(P + "fresh", "0", payload, "FREQ", "256")));
			mine.add(c.call(restore(P + "fresh", "0", payload, "BOGUS")));
			mine.add(c.call(restore(P + "busy", "0", payload, "REPLACE")));
			mine.add(c.call(restore(P + "fresh", "60000", payload, "IDLETIME", "1000")));
			mine.add(c.call("OBJECT", "IDLETIME", P + "fresh"));
			String pttl = c.call("PTTL", P + "fresh");
			mine.add("pttl within a minute: " + (Long.parseLong(pttl.substring(1)) > 50_000));
			mine.add(c.call(restore(P + "fresh", "1000", payload, "REPLACE", "ABSTTL")));
			mine.add(c.call("EXISTS", P + "fresh"));
			mine.add(c.call("DUMP", P + "nosuchkey"));
			byte[] corrupted = payload.clone();
			corrupted[2] ^= 1;
			mine.add(c.call(restore(P + "fresh", "0", corrupted)));
			replies.add(String.join("\n", mine));
		}
		assertThat(replies.get(1)).isEqualTo(replies.get(0));
	}

	/**
	 * Builds {@code name} on both servers with {@code writes} ({@code $} is the key), then
	 * moves each server's DUMP into the other and compares what {@code read} returns.
	 */
	private void check(String name, String read, List<String[]> writes) {
		String source = P + name;
		String fromRedis = P + name + ":from-redis";
		String fromCachalot = P + name + ":from-cachalot";
		this.created.addAll(List.of(source, fromRedis, fromCachalot));
		for (RespClient c : List.of(this.redis, this.cachalot)) {
			c.call("DEL", source, fromRedis, fromCachalot);
			for (String[] write : writes) {
				String[] command = write.clone();
				for (int i = 0; i < command.length; i++) {
					command[i] = command[i].equals("$") ? source : command[i];
				}
				c.call(command);
			}
		}
		assertThat(this.cachalot.call(restore(fromRedis, "0", this.redis.callBytes("DUMP", source)))).isEqualTo("+OK");
		assertThat(this.redis.call(restore(fromCachalot, "0", this.cachalot.callBytes("DUMP", source)))).isEqualTo("+OK");
		String expected = normalized(this.redis, read, source);
		assertThat(normalized(this.cachalot, read, fromRedis)).as("Redis's DUMP of %s restored into Cachalot", name)
			.isEqualTo(expected);
		assertThat(normalized(this.redis, read, fromCachalot)).as("Cachalot's DUMP of %s restored into Redis", name)
			.isEqualTo(expected);
		assertThat(this.cachalot.call("TYPE", fromRedis)).isEqualTo(this.redis.call("TYPE", source));
	}

	/**
	 * A read's reply; unordered replies (SMEMBERS, HGETALL) sorted, and idle times (how long
	 * ago each copy was made differs between the two servers) left out.
	 */
	private static String normalized(RespClient c, String read, String key) {
		String reply = c.call(read.replace("$", key).split(" "))
			.replaceAll("(\\*4\\[\\$\\d+:[^,]+,\\$\\d+:[^,]+,):\\d+,", "$1:<idle>,")
			.replaceAll("\\$4:idle,:\\d+", "\\$4:idle,:<idle>");
		if (read.startsWith("SMEMBERS") || read.startsWith("HGETALL")) {
			String content = reply.substring(reply.indexOf('[') + 1, reply.length() - 1);
			List<String> parts = new ArrayList<>(List.of(("," + content).split(",\\$")));
			parts.remove(0);
			parts.sort(null);
			return parts.toString();
		}
		return reply;
	}

	private static List<String[]> fill(String command, int count, java.util.function.IntFunction<String[]> part) {
		List<String[]> writes = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String[] args = part.apply(i);
			String[] write = new String[args.length + 2];
			write[0] = command;
			write[1] = "$";
			System.arraycopy(args, 0, write, 2, args.length);
			writes.add(write);
		}
		return writes;
	}

	private static List<byte[]> restore(String key, String ttl, byte[] payload, String... options) {
		List<byte[]> args = RespClient.args("RESTORE", key, ttl);
		args.add(payload);
		args.addAll(RespClient.args(options));
		return args;
	}

}
