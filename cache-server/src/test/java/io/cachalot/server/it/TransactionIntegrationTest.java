package io.cachalot.server.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.lettuce.core.RedisClient;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MULTI / EXEC / WATCH through Lettuce and Jedis: results, optimistic locking that notices
 * every kind of change (another client, expiry, FLUSHALL, SWAPDB), and atomicity seen from
 * clients on other event loops while transactions run concurrently.
 */
class TransactionIntegrationTest extends LettuceServerTest {

	private RedisCommands<String, String> other() {
		RedisClient c = RedisClient.create("redis://127.0.0.1:" + port());
		StatefulRedisConnection<String, String> connection = c.connect();
		return connection.sync();
	}

	@Test
	void execRunsTheQueueAndReportsEachReply() {
		this.redis.multi();
		this.redis.set("k", "1");
		this.redis.incr("k");
		this.redis.lpush("k", "wrong type");
		this.redis.get("k");
		this.redis.clientList();
		TransactionResult result = this.redis.exec();
		assertThat(result.wasDiscarded()).isFalse();
		assertThat(result).hasSize(5);
		assertThat((Object) result.get(0)).isEqualTo("OK");
		assertThat((Object) result.get(1)).isEqualTo(2L);
		assertThat(result.get(2).toString()).contains("WRONGTYPE");
		assertThat((Object) result.get(3)).isEqualTo("2");
		assertThat(result.get(4).toString()).as("CLIENT LIST inside EXEC, as Redis").contains(" flags=x ", " multi=5 ");
	}

	@Test
	void watchAbortsOnAnotherClientsWriteExpiryFlushAndSwapdb() throws InterruptedException {
		RedisCommands<String, String> other = other();
		// another client's write
		this.redis.set("w", "1");
		this.redis.watch("w");
		other.set("w", "2");
		this.redis.multi();
		this.redis.set("w", "mine");
		assertThat(this.redis.exec().wasDiscarded()).isTrue();
		assertThat(this.redis.get("w")).isEqualTo("2");
		// expiry nobody observed
		this.redis.psetex("e", 50, "v");
		this.redis.watch("e");
		Thread.sleep(120);
		this.redis.multi();
		this.redis.set("e", "again");
		assertThat(this.redis.exec().wasDiscarded()).isTrue();
		// FLUSHALL touches a watched key that existed, not one that did not
		this.redis.set("f", "1");
		this.redis.watch("f", "absent");
		other.flushall();
		this.redis.multi();
		this.redis.set("f", "x");
		assertThat(this.redis.exec().wasDiscarded()).isTrue();
		this.redis.watch("absent");
		other.flushall();
		this.redis.multi();
		this.redis.set("absent", "x");
		assertThat(this.redis.exec().wasDiscarded()).isFalse();
		// SWAPDB brings a key into the watched database
		other.select(5);
		other.set("s", "from-db5");
		this.redis.watch("s");
		other.swapdb(0, 5);
		this.redis.multi();
		this.redis.get("s");
		assertThat(this.redis.exec().wasDiscarded()).isTrue();
		other.swapdb(0, 5);
		other.flushall();
		other.select(0);
		// unchanged keys let EXEC through, and UNWATCH forgets
		this.redis.set("u", "1");
		this.redis.watch("u");
		this.redis.unwatch();
		other.set("u", "2");
		this.redis.multi();
		this.redis.incr("u");
		assertThat((Object) this.redis.exec().get(0)).isEqualTo(3L);
	}

	@Test
	void watchAbortsWhenTheKeyIsEvicted() {
		RedisCommands<String, String> other = other();
		try {
			this.redis.set("evictme", "v");
			this.redis.watch("evictme");
			other.configSet("maxmemory-policy", "allkeys-random");
			String info = other.info("memory");
			long used = Long.parseLong(info.replaceAll("(?s).*used_memory:(\\d+).*", "$1"));
			other.configSet("maxmemory", Long.toString(used + 64 * 1024));
			int written = 0;
			while (other.exists("evictme") == 1) {
				other.set("filler:" + written, "x".repeat(200));
				written++;
				assertThat(written).as("writes before the watched key was evicted").isLessThan(1_000_000);
			}
			assertThat(other.info("stats")).containsPattern("evicted_keys:[1-9]");
			this.redis.multi();
			this.redis.set("evictme", "again");
			assertThat(this.redis.exec().wasDiscarded()).isTrue();
		}
		finally {
			other.configSet("maxmemory", "0");
			other.configSet("maxmemory-policy", "noeviction");
			other.flushall();
		}
	}

	@Test
	void jedisTransactionsAndDiscard() {
		try (Jedis jedis = new Jedis("127.0.0.1", port())) {
			var tx = jedis.multi();
			Response<String> set = tx.set("j", "v");
			Response<Long> len = tx.strlen("j");
			tx.exec();
			assertThat(set.get()).isEqualTo("OK");
			assertThat(len.get()).isEqualTo(1L);
			var discarded = jedis.multi();
			discarded.set("j", "never");
			discarded.discard();
			assertThat(jedis.get("j")).isEqualTo("v");
		}
	}

	@Test
	void transactionsAreAtomicForClientsOnEveryEventLoop() throws Exception {
		this.redis.set("a", "0");
		this.redis.set("b", "0");
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<Future<Integer>> writers = new ArrayList<>();
		for (int t = 0; t < 3; t++) {
			writers.add(pool.submit(() -> {
				RedisCommands<String, String> c = other();
				int done = 0;
				for (int i = 0; i < 300; i++) {
					c.multi();
					c.incr("a");
					c.incr("b");
					if (!c.exec().wasDiscarded()) {
						done++;
					}
				}
				return done;
			}));
		}
		Future<Integer> reader = pool.submit(() -> {
			RedisCommands<String, String> c = other();
			int reads = 0;
			while (running.get()) {
				List<String> ab = c.mget("a", "b").stream().map(kv -> kv.getValue()).toList();
				assertThat(ab.get(0)).as("never between two INCRs of one transaction").isEqualTo(ab.get(1));
				reads++;
			}
			return reads;
		});
		int total = 0;
		for (Future<Integer> w : writers) {
			total += w.get(60, TimeUnit.SECONDS);
		}
		running.set(false);
		assertThat(reader.get(10, TimeUnit.SECONDS)).isPositive();
		pool.shutdown();
		assertThat(total).isEqualTo(900);
		assertThat(this.redis.get("a")).isEqualTo("900");
		assertThat(this.redis.get("b")).isEqualTo("900");
	}

	@Test
	void optimisticIncrementsFromManyClientsLoseNothing() throws Exception {
		this.redis.set("counter", "0");
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<Future<Integer>> workers = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			workers.add(pool.submit(() -> {
				RedisCommands<String, String> c = other();
				int committed = 0;
				while (committed < 50) {
					c.watch("counter");
					long value = Long.parseLong(c.get("counter"));
					c.multi();
					c.set("counter", Long.toString(value + 1));
					if (!c.exec().wasDiscarded()) {
						committed++;
					}
				}
				return committed;
			}));
		}
		for (Future<Integer> w : workers) {
			assertThat(w.get(60, TimeUnit.SECONDS)).isEqualTo(50);
		}
		pool.shutdown();
		assertThat(this.redis.get("counter")).isEqualTo("200");
	}

}
