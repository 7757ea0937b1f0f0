package io.cachalot.server.it;

import java.util.HashMap;
import java.util.Map;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Sorted sets through Lettuce (RESP3) and raw replies: a leaderboard's operations. */
class SortedSetIntegrationTest extends LettuceServerTest {

	@Test
	void leaderboard() {
		this.redis.zadd("board", ScoredValue.just(100, "ada"), ScoredValue.just(250, "bob"), ScoredValue.just(175, "cy"));
		assertThat(this.redis.zincrby("board", 100, "ada")).isEqualTo(200.0);
		assertThat(this.redis.zrevrange("board", 0, 1)).containsExactly("bob", "ada");
		assertThat(this.redis.zrevrangeWithScores("board", 0, 0)).containsExactly(ScoredValue.just(250, "bob"));
		assertThat(this.redis.zrank("board", "cy")).isZero();
		assertThat(this.redis.zrevrank("board", "cy")).isEqualTo(2);
		assertThat(this.redis.zscore("board", "ada")).isEqualTo(200.0);
		assertThat(this.redis.zcount("board", Range.create(150, 220))).isEqualTo(2);
		assertThat(this.redis.zrangebyscore("board", Range.create(0, 1000), Limit.create(1, 1))).containsExactly("ada");
		assertThat(this.redis.zpopmin("board")).isEqualTo(ScoredValue.just(175, "cy"));
		assertThat(this.redis.zrandmember("board", 5)).containsExactlyInAnyOrder("ada", "bob");
		assertThat(this.redis.zrandmemberWithScores("board", -3)).hasSize(3);
		assertThat(this.redis.zcard("board")).isEqualTo(2);
		assertThat(this.redis.zrangestore("copy", "board", Range.create(0L, -1L))).isEqualTo(2);
		assertThat(this.redis.zmscore("copy", "ada", "nobody")).containsExactly(200.0, null);
	}

	@Test
	void resp3AndResp2ReplyShapes() {
		try (RespClient c = client()) {
			c.call("ZADD", "z", "1", "a", "2", "b");
			assertThat(c.call("ZRANGE", "z", "0", "-1", "WITHSCORES")).isEqualTo("*4[$1:a,$1:1,$1:b,$1:2]");
			assertThat(c.call("ZRANDMEMBER", "z", "0")).isEqualTo("*0[]");
			c.call("HELLO", "3");
			assertThat(c.call("ZRANGE", "z", "0", "-1", "WITHSCORES")).isEqualTo("*2[*2[$1:a,,1],*2[$1:b,,2]]");
			assertThat(c.call("ZSCORE", "z", "a")).isEqualTo(",1");
			assertThat(c.call("ZPOPMIN", "z")).isEqualTo("*2[$1:a,,1]");
			assertThat(c.call("ZPOPMAX", "z", "1")).isEqualTo("*1[*2[$1:b,,2]]");
			assertThat(c.call("ZADD", "z", "NX", "XX", "1", "a"))
				.isEqualTo("-ERR XX and NX options at the same time are not compatible");
			assertThat(c.call("OBJECT", "ENCODING", "nosuch")).isEqualTo("_");
			c.call("ZADD", "z", "1", "a");
			assertThat(c.call("OBJECT", "ENCODING", "z")).isEqualTo("$8:listpack");
			assertThat(c.call("TYPE", "z")).isEqualTo("+zset");
		}
	}

	@Test
	void largeSortedSetsScanInPagesAndCompletely() {
		for (int i = 0; i < 1_000; i++) {
			this.redis.zadd("big", i / 10.0, "member" + i);
		}
		assertThat(this.redis.objectEncoding("big")).isEqualTo("skiplist");
		Map<String, Double> seen = new HashMap<>();
		ScanCursor cursor = ScanCursor.INITIAL;
		int pages = 0;
		do {
			var page = this.redis.zscan("big", cursor, ScanArgs.Builder.limit(50).match("member1*"));
			page.getValues().forEach(v -> seen.put(v.getValue(), v.getScore()));
			cursor = page;
			pages++;
		}
		while (!cursor.isFinished());
		assertThat(pages).isGreaterThan(1);
		assertThat(seen).hasSize(111).containsEntry("member1", 0.1).containsEntry("member199", 19.9);
	}

}
