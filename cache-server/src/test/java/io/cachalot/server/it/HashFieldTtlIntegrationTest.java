package io.cachalot.server.it;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-field hash TTLs with Redis 7.4's semantics (written from its documentation: the reference Redis here is 7.0). */
class HashFieldTtlIntegrationTest extends EmbeddedServerTest {

	@BeforeEach
	void clean() {
		try (RespClient c = client()) {
			c.call("FLUSHALL");
		}
	}

	@Test
	void expireTtlAndPersistReturnACodePerField() {
		try (RespClient c = client()) {
			c.call("HSET", "h", "a", "1", "b", "2", "c", "3");
			assertThat(c.call("HEXPIRE", "h", "100", "FIELDS", "2", "a", "nope")).isEqualTo("*2[:1,:-2]");
			assertThat(c.call("OBJECT", "ENCODING", "h")).isEqualTo("$10:listpackex");
			assertThat(c.call("HTTL", "h", "FIELDS", "3", "a", "b", "nope")).isEqualTo("*3[:100,:-1,:-2]");
			assertThat(c.call("HPTTL", "h", "FIELDS", "1", "a")).matches("\\*1\\[:(99\\d\\d\\d|100000)\\]");
			assertThat(c.call("HEXPIRE", "h", "50", "NX", "FIELDS", "2", "a", "b")).isEqualTo("*2[:0,:1]");
			assertThat(c.call("HEXPIRE", "h", "10", "GT", "FIELDS", "2", "a", "c")).isEqualTo("*2[:0,:0]");
			assertThat(c.call("HEXPIRE", "h", "10", "LT", "FIELDS", "2", "a", "c")).isEqualTo("*2[:1,:1]");
			assertThat(c.call("HEXPIRE", "h", "10", "XX", "FIELDS", "1", "a")).isEqualTo("*1[:1]");
			long at = System.currentTimeMillis() / 1000 + 1000;
			assertThat(c.call("HEXPIREAT", "h", Long.toString(at), "FIELDS", "1", "b")).isEqualTo("*1[:1]");
			assertThat(c.call("HEXPIRETIME", "h", "FIELDS", "1", "b")).isEqualTo("*1[:" + at + "]");
			assertThat(c.call("HPEXPIRETIME", "h", "FIELDS", "1", "b")).isEqualTo("*1[:" + at * 1000 + "]");
			assertThat(c.call("HPERSIST", "h", "FIELDS", "3", "a", "b", "zz")).isEqualTo("*3[:1,:1,:-2]");
			assertThat(c.call("HPERSIST", "h", "FIELDS", "1", "a")).isEqualTo("*1[:-1]");
			assertThat(c.call("HPEXPIREAT", "h", "1", "FIELDS", "1", "c")).isEqualTo("*1[:2]");
			assertThat(c.call("HGETALL", "h")).isEqualTo("*4[$1:a,$1:1,$1:b,$1:2]");
			assertThat(c.call("HTTL", "missing", "FIELDS", "1", "a")).isEqualTo("*1[:-2]");
		}
	}

	@Test
	void expiredFieldsDisappearAndTheKeyGoesWithTheLast() throws InterruptedException {
		try (RespClient c = client()) {
			c.call("HSET", "h", "short", "x", "long", "y");
			assertThat(c.call("HPEXPIRE", "h", "50", "FIELDS", "1", "short")).isEqualTo("*1[:1]");
			c.call("HSET", "h2", "only", "z");
			c.call("HPEXPIRE", "h2", "50", "FIELDS", "1", "only");
			c.call("HSET", "h3", "f", "v");
			c.call("HPEXPIRE", "h3", "50", "FIELDS", "1", "f");
			assertThat(c.call("HSET", "h3", "f", "v2")).isEqualTo(":0");
			Thread.sleep(120);
			assertThat(c.call("HGET", "h", "short")).isEqualTo("$-1");
			assertThat(c.call("HLEN", "h")).isEqualTo(":1");
			assertThat(c.call("HGETALL", "h")).isEqualTo("*2[$4:long,$1:y]");
			assertThat(c.call("HLEN", "h2")).isEqualTo(":0");
			assertThat(c.call("EXISTS", "h2")).isEqualTo(":0");
			assertThat(c.call("HGET", "h3", "f")).isEqualTo("$2:v2");
		}
	}

	@Test
	void argumentErrors() {
		try (RespClient c = client()) {
			c.call("HSET", "h", "a", "1");
			assertThat(c.call("HEXPIRE", "h", "10", "FIELDS", "0", "a"))
				.isEqualTo("-ERR Parameter `numFields` should be greater than 0");
			assertThat(c.call("HEXPIRE", "h", "10", "FIELDS", "2", "a"))
				.isEqualTo("-ERR The `numfields` parameter must match the number of arguments");
			assertThat(c.call("HEXPIRE", "h", "10", "NOPE", "1", "a"))
				.isEqualTo("-ERR Mandatory argument FIELDS is missing or not at the right position");
			assertThat(c.call("HEXPIRE", "h", "x", "FIELDS", "1", "a")).isEqualTo("-ERR value is not an integer or out of range");
			assertThat(c.call("HEXPIRE", "h", "99999999999999999", "FIELDS", "1", "a"))
				.isEqualTo("-ERR invalid expire time in 'hexpire' command");
		}
	}

	@Test
	void unreadFieldsExpireActivelyAndFollowTheirHashThroughRenameAndSwapdb() throws InterruptedException {
		try (RespClient c = client()) {
			c.call("HSET", "gone", "a", "1", "b", "2");
			c.call("HSET", "partly", "a", "1", "b", "2");
			c.call("HSET", "moved", "a", "1");
			c.call("HSET", "swapped", "a", "1");
			c.call("HPEXPIRE", "gone", "100", "FIELDS", "2", "a", "b");
			c.call("HPEXPIRE", "partly", "100", "FIELDS", "1", "a");
			c.call("HPEXPIRE", "moved", "100", "FIELDS", "1", "a");
			c.call("HPEXPIRE", "swapped", "100", "FIELDS", "1", "a");
			c.call("RENAME", "moved", "renamed");
			c.call("MOVE", "swapped", "3");
			c.call("SWAPDB", "0", "3");
			c.call("SWAPDB", "0", "3");
			assertThat(c.call("DBSIZE")).isEqualTo(":3");
			// nobody reads these keys: only the active cycle can remove them
			long deadline = System.currentTimeMillis() + 5_000;
			while (!c.call("DBSIZE").equals(":1") && System.currentTimeMillis() < deadline) {
				Thread.sleep(50);
			}
			assertThat(c.call("DBSIZE")).isEqualTo(":1");
			assertThat(c.call("OBJECT", "ENCODING", "partly")).isEqualTo("$8:listpack");
			c.call("SELECT", "3");
			assertThat(c.call("DBSIZE")).isEqualTo(":0");
			c.call("SELECT", "0");
			assertThat(c.call("HGETALL", "partly")).isEqualTo("*2[$1:b,$1:2]");
		}
	}

	@Test
	void withActiveExpiryOffFieldsExpireOnlyWhenRead() throws InterruptedException {
		try (RespClient c = client()) {
			assertThat(c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0")).isEqualTo("+OK");
			try {
				c.call("HSET", "h", "a", "1");
				c.call("HPEXPIRE", "h", "20", "FIELDS", "1", "a");
				Thread.sleep(300);
				assertThat(c.call("DBSIZE")).isEqualTo(":1");
				assertThat(c.call("HLEN", "h")).isEqualTo(":0");
				assertThat(c.call("DBSIZE")).isEqualTo(":0");
			}
			finally {
				c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
			}
		}
	}

	@Test
	void fieldTtlsAreAnnouncedAsRedis74Documents() {
		try (RespClient c = client(); RespClient sub = client()) {
			c.call("CONFIG", "SET", "notify-keyspace-events", "KA");
			try {
				assertThat(sub.call("PSUBSCRIBE", "__keyspace@0__:h*")).startsWith("*3");
				c.call("HSET", "h", "a", "1", "b", "2");
				c.call("HPEXPIRE", "h", "100000", "FIELDS", "1", "a");
				c.call("HPEXPIRE", "h", "100000", "NX", "FIELDS", "1", "a"); // nothing changes: no event
				c.call("HPERSIST", "h", "FIELDS", "2", "a", "b");
				c.call("HPEXPIRE", "h", "30", "FIELDS", "2", "a", "b");
				c.call("HSET", "h2", "x", "1");
				c.call("HEXPIREAT", "h2", "1", "FIELDS", "1", "x");
				List<String> events = new java.util.ArrayList<>();
				for (int i = 0; i < 9; i++) {
					String frame = sub.readReply();
					events.add(frame.replaceAll(".*__keyspace@0__:(\\w+),\\$\\d+:(\\w+)\\]$", "$1 $2"));
				}
				// the last two arrive when the active cycle purges h's fields, unread
				assertThat(events).containsExactly("h hset", "h hexpire", "h hpersist", "h hexpire", "h2 hset", "h2 hexpired",
						"h2 del", "h hexpired", "h del");
			}
			finally {
				c.call("CONFIG", "SET", "notify-keyspace-events", "");
			}
		}
	}

}
