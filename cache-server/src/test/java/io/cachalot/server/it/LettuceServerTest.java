package io.cachalot.server.it;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Base for tests driving the embedded server through one Lettuce connection (RESP3), flushed before each test. */
public abstract class LettuceServerTest extends EmbeddedServerTest {

	protected RedisClient client;

	protected StatefulRedisConnection<String, String> connection;

	protected RedisCommands<String, String> redis;

	@BeforeAll
	void connectLettuce() {
		this.client = RedisClient.create("redis://127.0.0.1:" + port());
		this.connection = this.client.connect();
		this.redis = this.connection.sync();
	}

	@AfterAll
	void disconnectLettuce() {
		this.connection.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

	@BeforeEach
	void flush() {
		this.redis.flushall();
	}

}
