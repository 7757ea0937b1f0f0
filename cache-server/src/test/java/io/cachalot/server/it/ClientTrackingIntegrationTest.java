package io.cachalot.server.it;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.lettuce.core.RedisClient;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client-side caching: Lettuce's own near cache ({@link ClientSideCaching}, RESP3 tracking)
 * kept correct by the server's invalidations for writes from other clients, for expiry and
 * for flushes; and the RESP2 way, a redirect to a connection subscribed to
 * {@code __redis__:invalidate}, including the broken-redirect notice.
 */
class ClientTrackingIntegrationTest extends LettuceServerTest {

	private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
		for (int i = 0; i < 250 && !condition.getAsBoolean(); i++) {
			Thread.sleep(20);
		}
		assertThat(condition.getAsBoolean()).isTrue();
	}

	@Test
	void lettuceNearCacheIsInvalidatedByWritesExpiryAndFlush() throws Exception {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + port());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			Map<String, String> local = new ConcurrentHashMap<>();
			CacheFrontend<String, String> cache = ClientSideCaching.enable(CacheAccessor.forMap(local), connection,
					TrackingArgs.Builder.enabled());
			this.redis.set("product:1", "v1");
			assertThat(cache.get("product:1")).isEqualTo("v1");
			assertThat(local).containsEntry("product:1", "v1");
			this.redis.set("product:1", "v2"); // another connection writes
			await(() -> !local.containsKey("product:1"));
			assertThat(cache.get("product:1")).isEqualTo("v2");
			this.redis.pexpire("product:1", 50);
			await(() -> !local.containsKey("product:1")); // PEXPIRE is a change
			assertThat(cache.get("product:1")).isEqualTo("v2");
			await(() -> !local.containsKey("product:1")); // and the expiry itself
			assertThat(cache.get("product:1")).isNull();
			cache.close();
		}
		finally {
			client.shutdown();
		}
		// a flush invalidates everything with a null key list (Lettuce's frontend cannot take
		// that message — it fails on the null, also against Redis — so a raw connection checks it)
		try (RespClient raw = client()) {
			raw.call("HELLO", "3");
			raw.call("CLIENT", "TRACKING", "ON");
			raw.call("GET", "product:2");
			this.redis.flushall();
			assertThat(raw.readReply()).isEqualTo(">2[$10:invalidate,_]");
		}
	}

	@Test
	void trackingCommandsThroughLettuce() {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + port());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			assertThat(connection.sync().clientTracking(TrackingArgs.Builder.enabled())).isEqualTo("OK");
			assertThat(connection.sync().clientGetredir()).isZero();
			connection.sync().get("info:tracked");
			assertThat(this.redis.info("clients")).contains("tracking_clients:1");
			assertThat(this.redis.info("stats")).contains("tracking_total_keys:1");
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void resp2ClientsReceiveInvalidationsThroughARedirect() {
		try (RespClient listener = client(); RespClient tracked = client(); RespClient writer = client()) {
			String listenerId = listener.call("CLIENT", "ID").substring(1);
			assertThat(listener.call("SUBSCRIBE", "__redis__:invalidate")).isEqualTo("*3[$9:subscribe,$20:__redis__:invalidate,:1]");
			assertThat(tracked.call("CLIENT", "TRACKING", "ON", "REDIRECT", listenerId)).isEqualTo("+OK");
			assertThat(tracked.call("CLIENT", "GETREDIR")).isEqualTo(":" + listenerId);
			tracked.call("GET", "user:7");
			writer.call("SET", "user:7", "changed");
			assertThat(listener.readReply()).isEqualTo("*3[$7:message,$20:__redis__:invalidate,*1[$6:user:7]]");
			// OPTIN: only reads right after CLIENT CACHING YES are remembered
			tracked.call("CLIENT", "TRACKING", "OFF");
			tracked.call("CLIENT", "TRACKING", "ON", "REDIRECT", listenerId, "OPTIN");
			tracked.call("GET", "not-cached");
			tracked.call("CLIENT", "CACHING", "YES");
			tracked.call("GET", "cached");
			writer.call("MSET", "not-cached", "1", "cached", "1");
			assertThat(listener.readReply()).isEqualTo("*3[$7:message,$20:__redis__:invalidate,*1[$6:cached]]");
			assertThat(tracked.call("CLIENT", "LIST", "ID", tracked.call("CLIENT", "ID").substring(1))).contains(" flags=t ",
					" redir=" + listenerId + " ");
		}
		try (RespClient tracked = client(); RespClient target = client()) {
			tracked.call("HELLO", "3");
			String targetId = target.call("CLIENT", "ID").substring(1);
			tracked.call("CLIENT", "TRACKING", "ON", "REDIRECT", targetId);
			target.close();
			assertThat(tracked.readReply()).isEqualTo(">2[$21:tracking-redir-broken,:" + targetId + "]");
			assertThat(tracked.call("CLIENT", "TRACKINGINFO")).contains("broken_redirect");
		}
	}

	@Test
	void bcastPrefixesAndNoloop() {
		try (RespClient tracked = client(); RespClient writer = client()) {
			tracked.call("HELLO", "3");
			assertThat(tracked.call("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "user:", "NOLOOP")).isEqualTo("+OK");
			tracked.call("SET", "user:own", "mine"); // NOLOOP: no message for its own write
			writer.call("SET", "order:1", "x"); // no prefix match
			writer.call("SET", "user:9", "y");
			assertThat(tracked.readReply()).isEqualTo(">2[$10:invalidate,*1[$6:user:9]]");
			assertThat(tracked.call("CLIENT", "TRACKINGINFO")).isEqualTo(
					"%3[$5:flags,~3[$2:on,$5:bcast,$6:noloop],$8:redirect,:0,$8:prefixes,*1[$5:user:]]");
			assertThat(this.server.port()).isPositive();
		}
	}

}
