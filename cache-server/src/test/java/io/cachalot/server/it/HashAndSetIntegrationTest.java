package io.cachalot.server.it;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.lettuce.core.ScanCursor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Hashes and sets through Lettuce (RESP3) and raw RESP2/RESP3 replies. */
class HashAndSetIntegrationTest extends LettuceServerTest {

	@Test
	void hashesThroughLettuce() {
		assertThat(this.redis.hset("user:1", Map.of("name", "Ada", "lang", "en"))).isEqualTo(2);
		assertThat(this.redis.hget("user:1", "name")).isEqualTo("Ada");
		assertThat(this.redis.hgetall("user:1")).containsEntry("lang", "en").hasSize(2);
		assertThat(this.redis.hincrby("user:1", "visits", 5)).isEqualTo(5);
		assertThat(this.redis.hincrbyfloat("user:1", "score", 1.5)).isEqualTo(1.5);
		assertThat(this.redis.hdel("user:1", "lang", "nope")).isEqualTo(1);
		assertThat(this.redis.hlen("user:1")).isEqualTo(3);
		assertThat(this.redis.hrandfield("user:1")).isIn("name", "visits", "score");
		assertThat(this.redis.hrandfield("user:1", 10)).hasSize(3).doesNotHaveDuplicates();
		assertThat(this.redis.hrandfield("user:1", -10)).hasSize(10);
		assertThat(this.redis.hrandfieldWithvalues("user:1", 2)).hasSize(2);
		this.redis.hdel("user:1", "name", "visits", "score");
		assertThat(this.redis.exists("user:1")).isZero();
	}

	@Test
	void largeHashesScanCompletely() {
		for (int i = 0; i < 600; i++) {
			this.redis.hset("big", "field" + i, "value" + i);
		}
		assertThat(this.redis.objectEncoding("big")).isEqualTo("hashtable");
		Set<String> seen = new HashSet<>();
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			var page = this.redis.hscan("big", cursor, io.lettuce.core.ScanArgs.Builder.limit(20).match("field1*"));
			seen.addAll(page.getMap().keySet());
			cursor = page;
		}
		while (!cursor.isFinished());
		assertThat(seen).hasSize(111);
	}

	@Test
	void setsThroughLettuce() {
		assertThat(this.redis.sadd("s1", "a", "b", "c", "1")).isEqualTo(4);
		assertThat(this.redis.sadd("s2", "b", "c", "d")).isEqualTo(3);
		assertThat(this.redis.smembers("s1")).containsExactlyInAnyOrder("a", "b", "c", "1");
		assertThat(this.redis.sinter("s1", "s2")).containsExactlyInAnyOrder("b", "c");
		assertThat(this.redis.sunion("s1", "s2")).hasSize(5);
		assertThat(this.redis.sdiff("s1", "s2")).containsExactlyInAnyOrder("a", "1");
		assertThat(this.redis.sinterstore("dst", "s1", "s2")).isEqualTo(2);
		assertThat(this.redis.sintercard(1, "s1", "s2")).isEqualTo(1);
		assertThat(this.redis.smove("s1", "s2", "a")).isTrue();
		assertThat(this.redis.smismember("s2", "a", "z")).containsExactly(true, false);
		assertThat(this.redis.spop("s2", 10)).hasSize(4);
		assertThat(this.redis.exists("s2")).isZero();
		assertThat(this.redis.srandmember("s1", -5)).hasSize(5);
		Set<String> seen = new HashSet<>();
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			var page = this.redis.sscan("s1", cursor);
			seen.addAll(page.getValues());
			cursor = page;
		}
		while (!cursor.isFinished());
		assertThat(seen).containsExactlyInAnyOrder("b", "c", "1");
	}

	@Test
	void resp3RepliesUseMapsAndSets() {
		try (RespClient c = client()) {
			c.call("HSET", "h", "f1", "v1", "f2", "v2");
			c.call("SADD", "nums", "3", "1", "2");
			assertThat(c.call("HGETALL", "h")).isEqualTo("*4[$2:f1,$2:v1,$2:f2,$2:v2]");
			assertThat(c.call("SMEMBERS", "nums")).isEqualTo("*3[$1:1,$1:2,$1:3]");
			c.call("HELLO", "3");
			assertThat(c.call("HGETALL", "h")).isEqualTo("%2[$2:f1,$2:v1,$2:f2,$2:v2]");
			assertThat(c.call("SMEMBERS", "nums")).isEqualTo("~3[$1:1,$1:2,$1:3]");
			assertThat(c.call("HRANDFIELD", "h", "-2", "WITHVALUES")).startsWith("*2[*2[");
			assertThat(c.call("SPOP", "missing", "2")).isEqualTo("~0[]");
			assertThat(c.call("OBJECT", "ENCODING", "nums")).isEqualTo("$6:intset");
			assertThat(c.call("OBJECT", "ENCODING", "h")).isEqualTo("$8:listpack");
			assertThat(c.call("TYPE", "h")).isEqualTo("+hash");
			assertThat(c.call("GET", "h")).isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value");
			assertThat(c.call("SCAN", "0", "TYPE", "set")).isEqualTo("*2[$1:0,*1[$4:nums]]");
			assertThat(c.call("SSCAN", "nums", "0", "MATCH", "[12]")).isEqualTo("*2[$1:0,*2[$1:1,$1:2]]");
		}
	}

	@Test
	void typedValuesCopyMoveRenameAndExpire() {
		this.redis.hset("h", "f", "v");
		this.redis.sadd("s", "m");
		assertThat(this.redis.copy("h", "h2")).isTrue();
		this.redis.hset("h2", "g", "w");
		assertThat(this.redis.hlen("h")).isEqualTo(1);
		assertThat(this.redis.rename("s", "s2")).isEqualTo("OK");
		assertThat(this.redis.smembers("s2")).containsExactly("m");
		assertThat(this.redis.expire("h2", 100)).isTrue();
		assertThat(this.redis.memoryUsage("h2")).isPositive();
		List<String> keys = this.redis.keys("*");
		assertThat(keys).containsExactlyInAnyOrder("h", "h2", "s2");
	}

}
