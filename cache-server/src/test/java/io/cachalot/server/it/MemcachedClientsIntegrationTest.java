package io.cachalot.server.it;

import java.io.Serializable;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cachalot.server.CachalotServer;
import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.utils.AddrUtil;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The memcached engine driven by two real Java memcached clients — spymemcached and
 * xmemcached, text protocol (their get-and-touch needs the binary protocol, which Cachalot
 * does not speak; {@code gat} is covered by the differential test) — and, on the same
 * keyspace, by a Redis client (Jedis): what a
 * user of either library does (serialized objects, CAS loops, counters, multi-gets, touch,
 * stats) works unchanged, and both engines see one set of items.
 */
class MemcachedClientsIntegrationTest extends EmbeddedServerTest {

	private net.spy.memcached.MemcachedClient spy;

	private MemcachedClient xmemcached;

	@Override
	protected CachalotServer.Builder configure(CachalotServer.Builder builder) {
		return builder.memcachedPort(0);
	}

	@BeforeAll
	void connectClients() throws Exception {
		this.spy = new net.spy.memcached.MemcachedClient(new InetSocketAddress("127.0.0.1", this.server.memcachedPort()));
		XMemcachedClientBuilder builder = new XMemcachedClientBuilder(
				AddrUtil.getAddresses("127.0.0.1:" + this.server.memcachedPort()));
		builder.setConnectTimeout(5_000);
		builder.setOpTimeout(5_000);
		this.xmemcached = builder.build();
	}

	@AfterAll
	void closeClients() throws Exception {
		this.spy.shutdown(5, TimeUnit.SECONDS);
		this.xmemcached.shutdown();
	}

	@BeforeEach
	void empty() throws Exception {
		assertThat(this.spy.flush().get(5, TimeUnit.SECONDS)).isTrue();
	}

	record Order(String id, int quantity) implements Serializable {
	}

	@Test
	void spymemcachedStoresAndReadsEveryKindOfValue() throws Exception {
		assertThat(this.spy.set("text", 0, "héllo").get()).isTrue();
		assertThat(this.spy.set("number", 0, 42).get()).isTrue();
		assertThat(this.spy.set("order", 0, new Order("o-1", 3)).get()).isTrue();
		// past spymemcached's compression threshold: stored compressed, with its flag
		String large = "cachalot ".repeat(10_000);
		assertThat(this.spy.set("large", 0, large).get()).isTrue();
		assertThat(this.spy.get("text")).isEqualTo("héllo");
		assertThat(this.spy.get("number")).isEqualTo(42);
		assertThat(this.spy.get("order")).isEqualTo(new Order("o-1", 3));
		assertThat(this.spy.get("large")).isEqualTo(large);
		Map<String, Object> bulk = this.spy.getBulk(List.of("text", "number", "missing", "order"));
		assertThat(bulk).containsOnlyKeys("text", "number", "order");
		assertThat(this.spy.get("missing")).isNull();
	}

	@Test
	void spymemcachedConditionalWritesAndCas() throws Exception {
		assertThat(this.spy.add("k", 0, "first").get()).isTrue();
		assertThat(this.spy.add("k", 0, "second").get()).isFalse();
		assertThat(this.spy.replace("absent", 0, "x").get()).isFalse();
		assertThat(this.spy.replace("k", 0, "replaced").get()).isTrue();
		CASValue<Object> read = this.spy.gets("k");
		assertThat(read.getValue()).isEqualTo("replaced");
		assertThat(this.spy.cas("k", read.getCas(), "mine")).isEqualTo(CASResponse.OK);
		assertThat(this.spy.cas("k", read.getCas(), "stale")).isEqualTo(CASResponse.EXISTS);
		assertThat(this.spy.cas("absent", 1, "x")).isEqualTo(CASResponse.NOT_FOUND);
		assertThat(this.spy.get("k")).isEqualTo("mine");
		assertThat(this.spy.append(0, "k", "+tail").get()).isTrue();
		assertThat(this.spy.prepend(0, "k", "head+").get()).isTrue();
		assertThat(this.spy.get("k")).isEqualTo("head+mine+tail");
		assertThat(this.spy.delete("k").get()).isTrue();
		assertThat(this.spy.delete("k").get()).isFalse();
	}

	@Test
	void spymemcachedCountersAndExpiry() throws Exception {
		assertThat(this.spy.incr("hits", 1, 10)).isEqualTo(10);
		assertThat(this.spy.incr("hits", 5)).isEqualTo(15);
		assertThat(this.spy.decr("hits", 20)).isZero();
		assertThat(this.spy.incr("nothing", 1)).isEqualTo(-1);
		assertThat(this.spy.set("short", 1, "gone soon").get()).isTrue();
		assertThat(this.spy.touch("short", 100).get()).isTrue();
		assertThat(this.spy.touch("short", 1).get()).isTrue();
		assertThat(this.spy.touch("nothing", 1).get()).isFalse();
		assertThat(this.spy.set("expired", -1, "never seen").get()).isTrue();
		assertThat(this.spy.get("expired")).isNull();
		Thread.sleep(1_100);
		assertThat(this.spy.get("short")).isNull();
		Map<java.net.SocketAddress, Map<String, String>> stats = this.spy.getStats();
		Map<String, String> ours = stats.values().iterator().next();
		assertThat(ours).containsKeys("uptime", "curr_connections", "get_hits", "cmd_set", "curr_items", "limit_maxbytes");
		assertThat(Long.parseLong(ours.get("cmd_set"))).isGreaterThanOrEqualTo(2);
		assertThat(this.spy.getVersions().values()).containsOnly("1.6.18");
	}

	@Test
	void xmemcachedCasLoopsAndMultiGets() throws Exception {
		assertThat(this.xmemcached.set("counter", 0, "0")).isTrue();
		for (int i = 0; i < 5; i++) {
			GetsResponse<String> current = this.xmemcached.gets("counter");
			int next = Integer.parseInt(current.getValue()) + 1;
			assertThat(this.xmemcached.cas("counter", 0, Integer.toString(next), current.getCas())).isTrue();
		}
		assertThat(this.xmemcached.<String>get("counter")).isEqualTo("5");
		GetsResponse<String> stale = this.xmemcached.gets("counter");
		assertThat(this.xmemcached.set("counter", 0, "changed")).isTrue();
		assertThat(this.xmemcached.cas("counter", 0, "lost", stale.getCas())).isFalse();
		this.xmemcached.set("a", 0, "1");
		this.xmemcached.set("b", 0, "2");
		Map<String, String> many = this.xmemcached.get(List.of("a", "b", "none"));
		assertThat(many).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
		assertThat(this.xmemcached.incr("n", 3, 7)).isEqualTo(7);
		assertThat(this.xmemcached.incr("n", 3)).isEqualTo(10);
		assertThat(this.xmemcached.touch("n", 100)).isTrue();
		assertThat(this.xmemcached.delete("a")).isTrue();
	}

	/** One keyspace: memcached items are Redis strings in database 0, and the other way round. */
	@Test
	void bothEnginesShareTheItems() throws Exception {
		try (Jedis redis = new Jedis("127.0.0.1", port())) {
			assertThat(this.spy.set("shared", 60, "from memcached").get()).isTrue();
			assertThat(redis.get("shared")).isEqualTo("from memcached");
			assertThat(redis.ttl("shared")).isBetween(1L, 60L);
			redis.set("from-redis", "written by Redis");
			assertThat(this.xmemcached.<String>get("from-redis")).isEqualTo("written by Redis");
			// a Redis write between gets and cas is a concurrent write: the CAS fails
			GetsResponse<String> read = this.xmemcached.gets("shared");
			redis.append("shared", "!");
			assertThat(this.xmemcached.cas("shared", 0, "late", read.getCas())).isFalse();
			assertThat(redis.get("shared")).isEqualTo("from memcached!");
			// a Redis write of a new value resets the client flags (spymemcached's Integer flag is gone)
			assertThat(this.spy.set("typed", 0, 7).get()).isTrue();
			assertThat(this.spy.get("typed")).isEqualTo(7);
			redis.set("typed", "text now");
			assertThat(this.spy.get("typed")).isEqualTo("text now");
			// a key of another type reads as missing and is replaced by a set
			redis.rpush("list", "a");
			assertThat(this.spy.get("list")).isNull();
			assertThat(this.spy.add("list", 0, "x").get()).isFalse();
			assertThat(this.spy.set("list", 0, "x").get()).isTrue();
			assertThat(redis.type("list")).isEqualTo("string");
			assertThat(redis.dbSize()).isEqualTo(4);
		}
	}

	/** A Redis client tracking keys (a near cache) hears of memcached writes. */
	@Test
	void memcachedWritesInvalidateRedisClientSideCaches() throws Exception {
		try (RespClient tracking = client()) {
			assertThat(tracking.call("HELLO", "3")).startsWith("%");
			assertThat(tracking.call("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "user:")).isEqualTo("+OK");
			assertThat(this.spy.set("user:1", 0, "ada").get()).isTrue();
			String push = tracking.readReply();
			assertThat(push).startsWith(">2[$10:invalidate,").contains("user:1");
		}
	}

	/** A memcached write to a WATCHed key aborts the Redis client's transaction. */
	@Test
	void memcachedWritesTouchWatchedKeys() throws Exception {
		try (RespClient redis = client()) {
			redis.call("SET", "watched", "1");
			assertThat(redis.call("WATCH", "watched")).isEqualTo("+OK");
			assertThat(this.spy.set("watched", 0, "changed by memcached").get()).isTrue();
			redis.call("MULTI");
			redis.call("SET", "watched", "2");
			assertThat(redis.call("EXEC")).isEqualTo("*-1");
			assertThat(redis.call("GET", "watched")).isEqualTo("$20:changed by memcached");
		}
	}

	@Test
	void rawProtocolValuesAreByteExact() {
		try (McClient raw = new McClient(this.server.memcachedPort()); Jedis redis = new Jedis("127.0.0.1", port())) {
			byte[] binary = new byte[256];
			for (int i = 0; i < binary.length; i++) {
				binary[i] = (byte) i;
			}
			raw.send(("set bin 3 0 256\r\n").getBytes(StandardCharsets.US_ASCII));
			raw.send(binary);
			assertThat(raw.call("\r\n")).isEqualTo("STORED\r\n");
			assertThat(redis.get("bin".getBytes())).isEqualTo(binary);
		}
	}

}
