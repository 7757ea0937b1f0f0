package io.cachalot.session;

import java.util.Map;

import io.cachalot.server.CachalotServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SessionKeysTests {

	private final SessionKeys keys = new SessionKeys("shop");

	@Test
	void keysShareOneHashTag() {
		assertThat(this.keys.session("abc")).isEqualTo("{shop}:sessions:abc");
		assertThat(this.keys.principalIndex("alice")).isEqualTo("{shop}:index:principal:alice");
		assertThat(this.keys.expirations()).isEqualTo("{shop}:expirations");
		assertThatIllegalArgumentException().isThrownBy(() -> new SessionKeys(" "));
	}

	@Test
	void attributeFieldsRoundTrip() {
		assertThat(SessionKeys.attributeField("cart")).isEqualTo("attr:cart");
		assertThat(SessionKeys.attributeName("attr:cart")).isEqualTo("cart");
		assertThat(SessionKeys.attributeName(SessionKeys.CREATION_TIME)).isNull();
	}

	@Test
	void aSessionHashLivesUnderItsKeyOnTheEmbeddedServer() {
		try (CachalotServer server = CachalotServer.builder().port(0).start()) {
			RedisClient client = RedisClient.create("redis://127.0.0.1:" + server.port());
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				String key = this.keys.session("s1");
				connection.sync().set(key + ":probe", "1");
				connection.sync().expire(key + ":probe", 1800);
				assertThat(connection.sync().keys("{shop}:*")).containsExactly(key + ":probe");
				assertThat(connection.sync().ttl(key + ":probe")).isBetween(1799L, 1800L);
				assertThat(Map.of("k", connection.sync().type(key + ":probe"))).containsEntry("k", "string");
			}
			finally {
				client.shutdown();
			}
		}
	}

}
