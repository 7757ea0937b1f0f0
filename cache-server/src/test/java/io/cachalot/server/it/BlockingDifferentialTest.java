package io.cachalot.server.it;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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

	/** A step of a script run by connection {@code client}; {@code $ID<n>} is connection n's CLIENT ID. */
	private sealed interface Step permits Call, Block, Await {

		int client();

	}

	/** A command whose reply is read at once. */
	private record Call(int client, String... command) implements Step {
	}

	/** A command sent without reading: the script goes on once the server shows the client blocked. */
	private record Block(int client, String... command) implements Step {
	}

	/** Reads the pending reply of a blocked client. */
	private record Await(int client) implements Step {
	}

	@Test
	void listsServeBlockedClientsInOrder() {
		compare(List.of(
				new Block(1, "BLPOP", P + "l", "0"),
				new Block(2, "BLPOP", P + "l", P + "other", "0"),
				new Block(3, "BRPOP", P + "l", "0"),
				new Call(0, "RPUSH", P + "l", "a", "b"),
				new Await(1), new Await(2),
				new Call(0, "RPUSH", P + "l", "c", "d", "e"),
				new Await(3),
				new Call(0, "LRANGE", P + "l", "0", "-1"),
				new Block(1, "BLPOP", P + "k1", P + "k2", "0"),
				new Call(0, "RPUSH", P + "k2", "x"),
				new Await(1),
				new Block(1, "BLMPOP", "0", "2", P + "m1", P + "m2", "RIGHT", "COUNT", "2"),
				new Call(0, "RPUSH", P + "m2", "1", "2", "3"),
				new Await(1),
				new Call(0, "LRANGE", P + "m2", "0", "-1")));
	}

	@Test
	void movesWakeTheClientsBlockedOnTheirDestination() {
		compare(List.of(
				new Block(1, "BLMOVE", P + "src", P + "dst", "LEFT", "RIGHT", "0"),
				new Block(2, "BLPOP", P + "dst", "0"),
				new Block(3, "BRPOPLPUSH", P + "dst2", P + "src", "0"),
				new Call(0, "LPUSH", P + "src", "v1"),
				new Await(1), new Await(2),
				new Call(0, "RPUSH", P + "dst2", "w"),
				new Await(3),
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
				new Await(1),
				new Block(1, "BLPOP", P + "t", P + "t2", "0"),
				new Call(0, "SET", P + "t", "now-a-string"),
				new Call(0, "RPUSH", P + "t2", "served-from-the-second-key"),
				new Await(1),
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
				new Await(1), new Await(2),
				new Call(0, "ZRANGE", P + "z", "0", "-1", "WITHSCORES"),
				new Block(1, "BZMPOP", "0", "2", P + "z0", P + "z1", "MIN", "COUNT", "5"),
				new Call(0, "ZADD", P + "z1", "9", "x", "8", "y"),
				new Await(1),
				new Block(1, "XREAD", "BLOCK", "0", "STREAMS", P + "s", "$"),
				new Call(0, "XADD", P + "s", "5-1", "f", "v"),
				new Await(1),
				new Call(0, "XGROUP", "CREATE", P + "s", "g", "$"),
				new Block(2, "XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", P + "s", ">"),
				new Block(3, "XREADGROUP", "GROUP", "g", "bob", "COUNT", "1", "BLOCK", "0", "STREAMS", P + "s", ">"),
				new Call(0, "XADD", P + "s", "6-1", "f", "one"),
				new Await(2),
				new Call(0, "XADD", P + "s", "7-1", "f", "two"),
				new Await(3),
				new Call(0, "XPENDING", P + "s", "g")));
	}

	@Test
	void clientUnblockEndsABlockWithNilOrAnError() {
		compare(List.of(
				new Block(1, "BLPOP", P + "u", "0"),
				new Call(0, "CLIENT", "UNBLOCK", "$ID1"),
				new Await(1),
				new Block(2, "BZPOPMIN", P + "u", "0"),
				new Call(0, "CLIENT", "UNBLOCK", "$ID2", "ERROR"),
				new Await(2),
				new Call(0, "CLIENT", "UNBLOCK", "$ID2"),
				new Call(0, "CLIENT", "UNBLOCK", "$ID1", "SOMETIMES")));
	}

	private void compare(List<Step> script) {
		RespClient probe = ReferenceRedis.connectOrSkip();
		probe.close();
		List<String> expected = run(ReferenceRedis::connect, script);
		List<String> actual = run(this::client, script);
		assertThat(actual).containsExactlyElementsOf(expected);
		assertThat(actual).hasSizeGreaterThan(script.size() / 2);
	}

	private List<String> run(Supplier<RespClient> connect, List<Step> script) {
		List<RespClient> clients = new ArrayList<>();
		List<String> transcript = new ArrayList<>();
		try {
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				RespClient c = connect.get();
				assertThat(c.call("SELECT", DB)).isEqualTo("+OK");
				ids.add(c.call("CLIENT", "ID").substring(1));
				clients.add(c);
			}
			RespClient control = clients.get(0);
			cleanUp(control);
			for (Step step : script) {
				RespClient c = clients.get(step.client());
				switch (step) {
					case Call call -> transcript.add(step.client() + " " + String.join(" ", call.command()) + " -> "
							+ c.call(withIds(call.command(), ids)));
					case Block block -> {
						c.send(RespClient.encode(RespClient.args(withIds(block.command(), ids))));
						awaitBlocked(control, ids.get(step.client()));
					}
					case Await await -> transcript.add(step.client() + " <- " + c.readReply());
				}
			}
			cleanUp(control);
		}
		finally {
			clients.forEach(RespClient::close);
		}
		return transcript;
	}

	private static String[] withIds(String[] command, List<String> ids) {
		String[] out = command.clone();
		for (int i = 0; i < out.length; i++) {
			if (out[i].startsWith("$ID")) {
				out[i] = ids.get(Integer.parseInt(out[i].substring(3)));
			}
		}
		return out;
	}

	private static void awaitBlocked(RespClient control, String id) {
		long deadline = System.currentTimeMillis() + 5_000;
		while (System.currentTimeMillis() < deadline) {
			String info = control.call("CLIENT", "LIST", "ID", id);
			if (info.matches("(?s).* flags=[a-zA-Z]*b.*")) {
				return;
			}
			Thread.onSpinWait();
		}
		throw new AssertionError("client " + id + " never blocked");
	}

	private static void cleanUp(RespClient control) {
		control.call("DEL", P + "l", P + "other", P + "k1", P + "k2", P + "m1", P + "m2", P + "src", P + "dst", P + "dst2",
				P + "t", P + "t2", P + "empty", P + "z", P + "z0", P + "z1", P + "s", P + "u");
	}

}
