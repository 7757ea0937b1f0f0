package io.cachalot.server.it;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compact-encoding limits as CONFIG directives: defaults as redis-server's, the pre-7.0
 * "ziplist" aliases, and a changed limit taking effect on each value's next write.
 */
class EncodingLimitsIntegrationTest extends LettuceServerTest {

	@Test
	void defaultsAndAliasesMatchRedis() {
		assertThat(this.redis.configGet("hash-max-listpack-entries")).containsEntry("hash-max-listpack-entries", "512");
		assertThat(this.redis.configGet("hash-max-ziplist-value")).containsEntry("hash-max-ziplist-value", "64");
		assertThat(this.redis.configGet("set-max-intset-entries")).containsEntry("set-max-intset-entries", "512");
		assertThat(this.redis.configGet("zset-max-*-entries")).containsEntry("zset-max-listpack-entries", "128")
			.containsEntry("zset-max-ziplist-entries", "128");
		assertThat(this.redis.configGet("list-max-*-size")).containsEntry("list-max-listpack-size", "-2")
			.containsEntry("list-max-ziplist-size", "-2");
		assertThat(this.redis.configGet("list-compress-depth")).containsEntry("list-compress-depth", "0");
	}

	@Test
	void listNodeSizeIsADirectiveAndListsKeepTheirContentAcrossNodes() {
		try (RespClient c = client()) {
			assertThat(c.call("CONFIG", "SET", "list-max-ziplist-size", "3")).isEqualTo("+OK");
			assertThat(c.call("CONFIG", "GET", "list-max-listpack-size")).isEqualTo("*2[$22:list-max-listpack-size,$1:3]");
			for (int i = 0; i < 20; i++) {
				c.call("RPUSH", "l", "e" + i);
			}
			c.call("LINSERT", "l", "BEFORE", "e10", "x");
			c.call("LSET", "l", "3", "y");
			c.call("LTRIM", "l", "1", "-2");
			assertThat(c.call("LRANGE", "l", "0", "4")).isEqualTo("*5[$2:e1,$2:e2,$1:y,$2:e4,$2:e5]");
			assertThat(c.call("LINDEX", "l", "9")).isEqualTo("$1:x");
			assertThat(c.call("LLEN", "l")).isEqualTo(":19");
			assertThat(c.call("OBJECT", "ENCODING", "l")).isEqualTo("$9:quicklist");
			assertThat(c.call("CONFIG", "SET", "list-compress-depth", "-1")).isEqualTo(
					"-ERR CONFIG SET failed (possibly related to argument 'list-compress-depth') - argument must be between 0 and 2147483647 inclusive");
		}
		finally {
			try (RespClient c = client()) {
				c.call("CONFIG", "SET", "list-max-listpack-size", "-2");
			}
		}
	}

	@Test
	void changedLimitsApplyFromTheNextWrite() {
		try (RespClient c = client()) {
			changeLimitsAndWrite(c);
		}
		finally {
			try (RespClient c = client()) {
				c.call("CONFIG", "SET", "zset-max-listpack-entries", "128", "zset-max-listpack-value", "64",
						"hash-max-listpack-value", "64", "set-max-intset-entries", "512");
			}
		}
	}

	private static void changeLimitsAndWrite(RespClient c) {
		c.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
		assertThat(c.call("CONFIG", "SET", "zset-max-ziplist-entries", "2", "hash-max-listpack-value", "3",
				"set-max-intset-entries", "2", "zset-max-listpack-value", "1kb"))
			.isEqualTo("+OK");
		assertThat(c.call("CONFIG", "GET", "zset-max-listpack-entries")).isEqualTo("*2[$25:zset-max-listpack-entries,$1:2]");
		assertThat(c.call("CONFIG", "GET", "zset-max-listpack-value")).isEqualTo("*2[$23:zset-max-listpack-value,$4:1024]");
		assertThat(c.call("OBJECT", "ENCODING", "z")).isEqualTo("$8:listpack");
		c.call("ZADD", "z", "4", "d");
		assertThat(c.call("OBJECT", "ENCODING", "z")).isEqualTo("$8:skiplist");
		assertThat(c.call("ZRANGE", "z", "0", "-1")).isEqualTo("*4[$1:a,$1:b,$1:c,$1:d]");
		c.call("HSET", "h", "f", "abc");
		assertThat(c.call("OBJECT", "ENCODING", "h")).isEqualTo("$8:listpack");
		c.call("HSET", "h", "g", "abcd");
		assertThat(c.call("OBJECT", "ENCODING", "h")).isEqualTo("$9:hashtable");
		c.call("SADD", "s", "1", "2");
		assertThat(c.call("OBJECT", "ENCODING", "s")).isEqualTo("$6:intset");
		c.call("SADD", "s", "3");
		assertThat(c.call("OBJECT", "ENCODING", "s")).isEqualTo("$9:hashtable");
		c.call("SUNIONSTORE", "s2", "s");
		assertThat(c.call("OBJECT", "ENCODING", "s2")).isEqualTo("$9:hashtable");
		assertThat(c.call("CONFIG", "SET", "zset-max-listpack-value", "-1")).isEqualTo(
				"-ERR CONFIG SET failed (possibly related to argument 'zset-max-listpack-value') - argument must be a memory value");
	}

}
