package io.cachalot.server.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ExpireArgs;
import io.lettuce.core.GetExArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.ClientOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lettuce (RESP3 through HELLO 3, as it connects by default) against the embedded server. */
class LettuceIntegrationTest extends LettuceServerTest {

	@Test
	void negotiatesResp3() {
		assertThat(this.connection.getOptions().getConfiguredProtocolVersion()).isIn(null, ProtocolVersion.RESP3);
		assertThat(this.redis.clientId()).isPositive();
		assertThat(this.redis.ping()).isEqualTo("PONG");
	}

	@Test
	void stringCommands() {
		assertThat(this.redis.set("greeting", "hello")).isEqualTo("OK");
		assertThat(this.redis.get("greeting")).isEqualTo("hello");
		assertThat(this.redis.append("greeting", " world")).isEqualTo(11);
		assertThat(this.redis.getrange("greeting", 0, 4)).isEqualTo("hello");
		assertThat(this.redis.setrange("greeting", 6, "Redis")).isEqualTo(11);
		assertThat(this.redis.get("greeting")).isEqualTo("hello Redis");
		assertThat(this.redis.strlen("greeting")).isEqualTo(11);
		assertThat(this.redis.incr("counter")).isEqualTo(1);
		assertThat(this.redis.incrby("counter", 41)).isEqualTo(42);
		assertThat(this.redis.decrby("counter", 2)).isEqualTo(40);
		assertThat(this.redis.incrbyfloat("float", 10.5)).isEqualTo(10.5);
		assertThat(this.redis.set("nx", "1", SetArgs.Builder.nx())).isEqualTo("OK");
		assertThat(this.redis.set("nx", "2", SetArgs.Builder.nx())).isNull();
		assertThat(this.redis.setGet("nx", "3")).isEqualTo("1");
		assertThat(this.redis.getdel("nx")).isEqualTo("3");
		assertThat(this.redis.mset(Map.of("a", "1", "b", "2"))).isEqualTo("OK");
		assertThat(this.redis.mget("a", "b", "missing")).containsExactly(KeyValue.just("a", "1"),
				KeyValue.just("b", "2"), KeyValue.empty("missing"));
		assertThat(this.redis.msetnx(Map.of("a", "x", "c", "3"))).isFalse();
		this.redis.mset(Map.of("lcs1", "ohmytext", "lcs2", "mynewtext"));
		assertThat(this.redis.lcs(io.lettuce.core.LcsArgs.Builder.keys("lcs1", "lcs2")).getMatchString())
			.isEqualTo("mytext");
	}

	@Test
	void errorsReachTheClient() {
		this.redis.set("text", "abc");
		assertThatThrownBy(() -> this.redis.incr("text")).isInstanceOf(RedisCommandExecutionException.class)
			.hasMessage("ERR value is not an integer or out of range");
		assertThat(this.redis.ping()).isEqualTo("PONG");
	}

	@Test
	void expiryAndTtl() throws InterruptedException {
		this.redis.setex("temp", 100, "v");
		assertThat(this.redis.ttl("temp")).isBetween(99L, 100L);
		assertThat(this.redis.expire("temp", 50, ExpireArgs.Builder.gt())).isFalse();
		assertThat(this.redis.expire("temp", 50, ExpireArgs.Builder.lt())).isTrue();
		assertThat(this.redis.persist("temp")).isTrue();
		assertThat(this.redis.ttl("temp")).isEqualTo(-1);
		assertThat(this.redis.getex("temp", GetExArgs.Builder.px(50))).isEqualTo("v");
		Thread.sleep(120);
		assertThat(this.redis.get("temp")).isNull();
		assertThat(this.redis.ttl("temp")).isEqualTo(-2);
		this.redis.set("at", "v");
		long at = System.currentTimeMillis() / 1000 + 1000;
		this.redis.expireat("at", at);
		assertThat(this.redis.expiretime("at")).isEqualTo(at);
	}

	@Test
	void scanIteratesEverything() {
		for (int i = 0; i < 500; i++) {
			this.redis.set("scan:" + i, "v");
		}
		this.redis.set("other", "v");
		List<String> seen = new ArrayList<>();
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			KeyScanCursor<String> page = this.redis.scan(cursor, ScanArgs.Builder.matches("scan:*").limit(50));
			seen.addAll(page.getKeys());
			cursor = page;
		}
		while (!cursor.isFinished());
		assertThat(seen).hasSize(500).doesNotHaveDuplicates();
		assertThat(this.redis.keys("scan:1?")).hasSize(10);
	}

	@Test
	void pipelinedAsyncCommandsKeepOrder() {
		RedisAsyncCommands<String, String> async = this.connection.async();
		async.setAutoFlushCommands(false);
		List<RedisFuture<?>> futures = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			futures.add(async.incr("pipelined"));
		}
		async.flushCommands();
		async.setAutoFlushCommands(true);
		assertThat(LettuceFutures.awaitAll(5, TimeUnit.SECONDS, futures.toArray(new RedisFuture[0]))).isTrue();
		assertThat(this.redis.get("pipelined")).isEqualTo("1000");
	}

	@Test
	void resp2ClientsWorkToo() {
		try (RedisClient resp2 = RedisClient.create("redis://127.0.0.1:" + port())) {
			resp2.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
			try (StatefulRedisConnection<String, String> c = resp2.connect()) {
				c.sync().set("r2", "v");
				assertThat(c.sync().get("r2")).isEqualTo("v");
				assertThat(c.sync().get("none")).isNull();
			}
		}
	}

}
