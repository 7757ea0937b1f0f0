package io.cachalot.server.it;

import java.util.List;

import io.cachalot.server.it.MultiClientScript.Block;
import io.cachalot.server.it.MultiClientScript.Call;
import io.cachalot.server.it.MultiClientScript.Read;
import io.cachalot.server.it.MultiClientScript.Step;
import org.junit.jupiter.api.Test;

/**
 * Blocking commands against the real Redis: the same script — some connections block, another
 * writes, then the blocked ones read their replies — runs on both servers and the transcripts
 * must be equal, so which client is served, with what, in which order (first blocked, first
 * served; a BLMOVE that feeds another blocked client; several keys; wrong-type writes that must
 * not wake anyone; timeouts; CLIENT UNBLOCK) is Redis's. Uses database 13 and a key prefix.
 */
class BlockingDifferentialTest extends EmbeddedServerTest {

	private static final String DB = "13";

	private static final String P = "cachalot-bdiff:";

	private static final int CLIENTS = 4;

	@Test
	void listsServeBlockedClientsInOrder() {
		compare(List.of(
				new Block(1, "BLPOP", P + "l", "0"),
				new Block(2, "BLPOP", P + "l", P + "other", "0"),
				new Block(3, "BRPOP", P + "l", "0"),
				new Call(0, "RPUSH", P + "l", "a", "b"),
				new Read(1), new Read(2),
				new Call(0, "RPUSH", P + "l", "c", "d", "e"),
				new Read(3),
				new Call(0, "LRANGE", P + "l", "0", "-1"),
				new Block(1, "BLPOP", P + "k1", P + "k2", "0"),
				new Call(0, "RPUSH", P + "k2", "x"),
				new Read(1),
				new Block(1, "BLMPOP", "0", "2", P + "m1", P + "m2", "RIGHT", "COUNT", "2"),
				new Call(0, "RPUSH", P + "m2", "1", "2", "3"),
				new Read(1),
				new Call(0, "LRANGE", P + "m2", "0", "-1")));
	}

	@Test
	void movesWakeTheClientsBlockedOnTheirDestination() {
		compare(List.of(
				new Block(1, "BLMOVE", P + "src", P + "dst", "LEFT", "RIGHT", "0"),
				new Block(2, "BLPOP", P + "dst", "0"),
				new Block(3, "BRPOPLPUSH", P + "dst2", P + "src", "0"),
				new Call(0, "LPUSH", P + "src", "v1"),
				new Read(1), new Read(2),
				new Call(0, "RPUSH", P + "dst2", "w"),
				new Read(3),
				new Call(0, "LRANGE", P + "src", "0", "-1"),
				new Call(0, "EXISTS", P + "dst")));
	}

	@Test
	void wrongTypeWritesDoNotWakeAndTimeoutsAnswerNil() {
		compare(List.of(
				new Block(1, "BLPOP", P + "t", "0"),
				new Call(0, "SET", P + "t", "string"),
				new Call(0, "DEL", P + "t"),
				new Call(0, "ZADD", P + "t", "1", "m"),
				new Call(0, "DEL", P + "t"),
				new Call(0, "RPUSH", P + "t", "finally"),
				new Read(1),
				new Block(1, "BLPOP", P + "t", P + "t2", "0"),
				new Call(0, "SET", P + "t", "now-a-string"),
				new Call(0, "RPUSH", P + "t2", "served-from-the-second-key"),
				new Read(1),
				new Call(1, "BLPOP", P + "t", "0"),
				new Call(1, "BLPOP", P + "empty", "0.05"),
				new Call(1, "BZPOPMIN", P + "empty", "0.05"),
				new Call(1, "XREAD", "BLOCK", "50", "STREAMS", P + "empty", "$"),
				new Call(1, "BLPOP", P + "empty", "-1"),
				new Call(1, "BLPOP", P + "empty", "nan")));
	}

	@Test
	void sortedSetsAndStreamsWakeTheirBlockedReaders() {
		compare(List.of(
				new Block(1, "BZPOPMIN", P + "z", "0"),
				new Block(2, "BZPOPMAX", P + "z", "0"),
				new Call(0, "ZADD", P + "z", "2", "b", "1", "a", "3", "c"),
				new Read(1), new Read(2),
				new Call(0, "ZRANGE", P + "z", "0", "-1", "WITHSCORES"),
				new Block(1, "BZMPOP", "0", "2", P + "z0", P + "z1", "MIN", "COUNT", "5"),
				new Call(0, "ZADD", P + "z1", "9", "x", "8", "y"),
				new Read(1),
				new Block(1, "XREAD", "BLOCK", "0", "STREAMS", P + "s", "$"),
				new Call(0, "XADD", P + "s", "5-1", "f", "v"),
				new Read(1),
				new Call(0, "XGROUP", "CREATE", P + "s", "g", "$"),
				new Block(2, "XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", P + "s", ">"),
				new Block(3, "XREADGROUP", "GROUP", "g", "bob", "COUNT", "1", "BLOCK", "0", "STREAMS", P + "s", ">"),
				new Call(0, "XADD", P + "s", "6-1", "f", "one"),
				new Read(2),
				new Call(0, "XADD", P + "s", "7-1", "f", "two"),
				new Read(3),
				new Call(0, "XPENDING", P + "s", "g")));
	}

	@Test
	void clientUnblockEndsABlockWithNilOrAnError() {
		compare(List.of(
				new Block(1, "BLPOP", P + "u", "0"),
				new Call(0, "CLIENT", "UNBLOCK", "$ID1"),
				new Read(1),
				new Block(2, "BZPOPMIN", P + "u", "0"),
				new Call(0, "CLIENT", "UNBLOCK", "$ID2", "ERROR"),
				new Read(2),
				new Call(0, "CLIENT", "UNBLOCK", "$ID2"),
				new Call(0, "CLIENT", "UNBLOCK", "$ID1", "SOMETIMES")));
	}

	private void compare(List<Step> script) {
		MultiClientScript.assertSameAsRedis(this::client, CLIENTS, List.<String[]>of(new String[] { "SELECT", DB }), script,
				this::cleanUpBoth);
	}

	private void cleanUpBoth() {
		try (RespClient reference = ReferenceRedis.connect(); RespClient cachalot = client()) {
			for (RespClient c : List.of(reference, cachalot)) {
				c.call("SELECT", DB);
				cleanUp(c);
			}
		}
	}

	private static void cleanUp(RespClient control) {
		control.call("DEL", P + "l", P + "other", P + "k1", P + "k2", P + "m1", P + "m2", P + "src", P + "dst", P + "dst2",
				P + "t", P + "t2", P + "empty", P + "z", P + "z0", P + "z1", P + "s", P + "u");
	}

}
