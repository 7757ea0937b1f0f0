package io.cachalot.server.it;

import java.util.List;

import io.cachalot.server.it.MultiClientScript.Call;
import io.cachalot.server.it.MultiClientScript.Read;
import io.cachalot.server.it.MultiClientScript.ReadUnordered;
import io.cachalot.server.it.MultiClientScript.Send;
import io.cachalot.server.it.MultiClientScript.Skip;
import io.cachalot.server.it.MultiClientScript.Step;
import org.junit.jupiter.api.Test;

/**
 * Pub/sub against the real Redis: subscribers on several connections, publishers on another,
 * and every confirmation, message, count and error compared frame by frame — channel and
 * pattern fan-out, subscribed-mode restrictions in RESP2, push frames and ordinary commands
 * on one RESP3 connection, shard channels, and UNSUBSCRIBE without arguments. Channel names
 * carry a prefix (the reference server is shared); server-wide counts are queried with it.
 * Where Redis answers in its dict's hash order (several patterns matching one channel, which
 * its random hash seed reorders between runs) the frames are compared as a set.
 */
class PubSubDifferentialTest extends EmbeddedServerTest {

	private static final String P = "cachalot-psdiff:";

	@Test
	void fanOutCountsAndConfirmationsMatchRedis() {
		compare(List.of(
				new Call(1, "SUBSCRIBE", P + "a", P + "b"),
				new Read(1),
				new Call(2, "PSUBSCRIBE", P + "*", P + "a*"),
				new Read(2),
				new Call(0, "PUBLISH", P + "a", "m1"),
				new Read(1), new ReadUnordered(2, 2),
				new Call(0, "PUBLISH", P + "b", "m2"),
				new Read(1), new Read(2),
				new Call(0, "PUBSUB", "NUMSUB", P + "a", P + "b", P + "none"),
				new Call(0, "PUBSUB", "CHANNELS", P + "[b]"),
				new Call(0, "PUBSUB", "HELP"),
				new Call(1, "UNSUBSCRIBE", P + "a", P + "never"),
				new Read(1),
				new Call(0, "PUBLISH", P + "a", "m3"),
				new ReadUnordered(2, 2),
				new Call(1, "PING", "still-here"),
				new Call(1, "GET", "k"),
				new Call(1, "UNSUBSCRIBE"),
				new Call(1, "GET", P + "nokey"),
				new Call(2, "PUNSUBSCRIBE", P + "a*"),
				new Call(2, "PUNSUBSCRIBE"),
				new Call(2, "PUNSUBSCRIBE")));
	}

	@Test
	void resp3SubscribersGetPushFramesBetweenReplies() {
		compare(List.of(
				new Send(1, "HELLO", "3"),
				new Skip(1),
				new Call(1, "SUBSCRIBE", P + "r3"),
				new Call(1, "GET", P + "nokey"),
				new Call(0, "PUBLISH", P + "r3", "pushed"),
				new Read(1),
				new Call(1, "PING"),
				new Call(1, "SSUBSCRIBE", P + "shard"),
				new Call(0, "SPUBLISH", P + "shard", "s-msg"),
				new Read(1),
				new Call(0, "PUBSUB", "SHARDNUMSUB", P + "shard"),
				new Call(0, "PUBSUB", "SHARDCHANNELS", P + "sh*"),
				new Call(1, "SUNSUBSCRIBE"),
				new Call(1, "UNSUBSCRIBE", P + "r3"),
				new Call(0, "PUBLISH", P + "r3", "nobody"),
				new Call(1, "RESET")));
	}

	private void compare(List<Step> script) {
		MultiClientScript.assertSameAsRedis(this::client, 3, List.of(), script, () -> {
		});
	}

}
