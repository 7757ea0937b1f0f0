package io.cachalot.server.it;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pub/sub through Lettuce in both protocols, with messages published from other
 * connections on other event loops: channel, pattern and shard subscriptions, the PUBSUB
 * introspection commands, a RESP3 connection that subscribes and runs commands, and the
 * output-buffer limit that disconnects a subscriber that does not read.
 */
class PubSubIntegrationTest extends LettuceServerTest {

	private static final class Inbox extends RedisPubSubAdapter<String, String> {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@Override
		public void message(String channel, String message) {
			this.received.add(channel + ":" + message);
		}

		@Override
		public void message(String pattern, String channel, String message) {
			this.received.add(pattern + "|" + channel + ":" + message);
		}

		@Override
		public void smessage(String channel, String message) {
			this.received.add("shard " + channel + ":" + message);
		}

		String next() throws InterruptedException {
			String m = this.received.poll(5, TimeUnit.SECONDS);
			assertThat(m).as("a message within 5 s").isNotNull();
			return m;
		}

	}

	private StatefulRedisPubSubConnection<String, String> subscriber(ProtocolVersion protocol, Inbox inbox) {
		RedisClient c = RedisClient.create("redis://127.0.0.1:" + port());
		c.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
		StatefulRedisPubSubConnection<String, String> connection = c.connectPubSub();
		connection.addListener(inbox);
		return connection;
	}

	@Test
	void channelsPatternsAndShardChannelsInBothProtocols() throws InterruptedException {
		for (ProtocolVersion protocol : List.of(ProtocolVersion.RESP2, ProtocolVersion.RESP3)) {
			Inbox inbox = new Inbox();
			try (StatefulRedisPubSubConnection<String, String> sub = subscriber(protocol, inbox)) {
				sub.sync().subscribe("news", "sport");
				sub.sync().psubscribe("n*");
				sub.sync().ssubscribe("orders");
				assertThat(this.redis.publish("news", "hello")).isEqualTo(2); // the channel and the pattern
				assertThat(List.of(inbox.next(), inbox.next())).containsExactlyInAnyOrder("news:hello", "n*|news:hello");
				assertThat(this.redis.publish("nothing-here", "x")).isEqualTo(1);
				assertThat(inbox.next()).isEqualTo("n*|nothing-here:x");
				assertThat(this.redis.spublish("orders", "o-1")).isEqualTo(1);
				assertThat(inbox.next()).isEqualTo("shard orders:o-1");
				assertThat(this.redis.pubsubChannels()).containsExactlyInAnyOrder("news", "sport");
				assertThat(this.redis.pubsubChannels("s*")).containsExactly("sport");
				assertThat(this.redis.pubsubNumsub("news", "sport", "none")).containsEntry("news", 1L)
					.containsEntry("none", 0L);
				assertThat(this.redis.pubsubNumpat()).isEqualTo(1);
				assertThat(this.redis.pubsubShardChannels()).containsExactly("orders");
				assertThat(this.redis.pubsubShardNumsub("orders")).containsEntry("orders", 1L);
				sub.sync().unsubscribe("news");
				sub.sync().punsubscribe();
				assertThat(this.redis.publish("news", "unheard")).isZero();
				assertThat(this.redis.publish("sport", "goal")).isEqualTo(1);
				assertThat(inbox.next()).isEqualTo("sport:goal");
			}
			assertThat(awaitNoChannels()).as("subscriptions end with the connection").isTrue();
		}
	}

	@Test
	void aResp3ConnectionSubscribesAndRunsCommands() throws InterruptedException {
		Inbox inbox = new Inbox();
		try (StatefulRedisPubSubConnection<String, String> sub = subscriber(ProtocolVersion.RESP3, inbox)) {
			sub.sync().subscribe("events");
			sub.sync().set("k", "v");
			assertThat(sub.sync().get("k")).isEqualTo("v");
			this.redis.publish("events", "e1");
			assertThat(inbox.next()).isEqualTo("events:e1");
			assertThat(sub.sync().incr("n")).isEqualTo(1);
		}
	}

	@Test
	void resp2SubscribedModeAllowsOnlySubscriptionCommands() {
		try (RespClient c = client()) {
			assertThat(c.call("SUBSCRIBE", "a")).isEqualTo("*3[$9:subscribe,$1:a,:1]");
			assertThat(c.call("GET", "k")).isEqualTo(
					"-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
			assertThat(c.call("PING")).isEqualTo("*2[$4:pong,$0:]");
			assertThat(c.call("RESET")).isEqualTo("+RESET");
			assertThat(c.call("GET", "k")).isEqualTo("$-1");
			assertThat(c.call("PUBSUB", "NUMSUB", "a")).isEqualTo("*2[$1:a,:0]");
		}
	}

	@Test
	void aSubscriberThatDoesNotReadIsDisconnectedAtTheOutputLimit() throws InterruptedException {
		this.redis.configSet("client-output-buffer-limit", "pubsub 256kb 64kb 1");
		try (RespClient stalled = client()) {
			assertThat(stalled.call("SUBSCRIBE", "firehose")).startsWith("*3");
			// the subscriber never reads again: its socket and then the server-side buffer fill
			String payload = "x".repeat(16 * 1024);
			boolean dropped = false;
			long deadline = System.currentTimeMillis() + 20_000;
			while (!dropped && System.currentTimeMillis() < deadline) {
				for (int i = 0; i < 200; i++) {
					this.redis.publish("firehose", payload);
				}
				dropped = this.redis.pubsubNumsub("firehose").get("firehose") == 0;
			}
			assertThat(dropped).as("the stalled subscriber was disconnected").isTrue();
			assertThat(stalled.drainUntilClosed(10_000)).isTrue();
		}
		finally {
			this.redis.configSet("client-output-buffer-limit", "pubsub 32mb 8mb 60");
		}
		assertThat(this.redis.configGet("client-output-buffer-limit")).containsEntry("client-output-buffer-limit",
				"normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
	}

	private boolean awaitNoChannels() throws InterruptedException {
		for (int i = 0; i < 100; i++) {
			if (this.redis.pubsubChannels().isEmpty() && this.redis.pubsubShardChannels().isEmpty()) {
				return true;
			}
			Thread.sleep(20);
		}
		return false;
	}

}
