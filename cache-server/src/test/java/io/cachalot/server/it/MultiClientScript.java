package io.cachalot.server.it;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A script played by several connections to one server, recording a transcript of every
 * reply, so the same script can run against Cachalot and a real Redis and the transcripts be
 * compared. Steps name their connection; {@code $ID<n>} in a command is connection n's
 * CLIENT ID on that server.
 */
final class MultiClientScript {

	/** A step run by connection {@code client}. */
	sealed interface Step permits Call, CallNormalized, Send, Block, Read, ReadUnordered, ReadUntil, Skip {

		int client();

	}

	/** A command whose reply is read at once. */
	record Call(int client, String... command) implements Step {
	}

	/**
	 * A command whose reply is recorded after {@code normalize}: for a reply with parts in
	 * Redis's per-process dict order (see {@link RenderedReplies}).
	 */
	record CallNormalized(int client, UnaryOperator<String> normalize, String... command) implements Step {
	}

	/** A command sent without reading its reply (read it later with {@link Read}), not recorded. */
	record Send(int client, String... command) implements Step {
	}

	/** A command sent without reading; the script goes on once the server shows the client blocked. */
	record Block(int client, String... command) implements Step {
	}

	/** Reads the next frame a connection received: a pending reply, or a pushed message. */
	record Read(int client) implements Step {
	}

	/**
	 * Reads the next {@code count} frames and records them sorted: for what Redis sends in its
	 * dict's hash order, which a per-process random seed makes differ between runs.
	 */
	record ReadUnordered(int client, int count) implements Step {
	}

	/** Reads and records frames up to and including the first that contains {@code marker}. */
	record ReadUntil(int client, String marker) implements Step {
	}

	/** Reads and drops the next frame (a reply that legitimately differs, such as HELLO's client id). */
	record Skip(int client) implements Step {
	}

	private MultiClientScript() {
	}

	/** Runs {@code script} on {@code clients} fresh connections, each first sent {@code setup}. */
	static List<String> run(Supplier<RespClient> connect, int clients, List<String[]> setup, List<Step> script) {
		List<RespClient> connections = new ArrayList<>();
		List<String> transcript = new ArrayList<>();
		try {
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				RespClient c = connect.get();
				for (String[] command : setup) {
					c.call(command);
				}
				ids.add(c.call("CLIENT", "ID").substring(1));
				connections.add(c);
			}
			RespClient control = connections.get(0);
			for (Step step : script) {
				RespClient c = connections.get(step.client());
				switch (step) {
					case Call call -> transcript.add(step.client() + " " + String.join(" ", call.command()) + " -> "
							+ c.call(withIds(call.command(), ids)));
					case CallNormalized call -> transcript.add(step.client() + " " + String.join(" ", call.command())
							+ " -> " + call.normalize().apply(c.call(withIds(call.command(), ids))));
					case Send send -> c.send(RespClient.encode(RespClient.args(withIds(send.command(), ids))));
					case Block block -> {
						c.send(RespClient.encode(RespClient.args(withIds(block.command(), ids))));
						awaitBlocked(control, ids.get(step.client()));
					}
					case Read read -> transcript.add(step.client() + " <- " + c.readReply());
					case ReadUnordered unordered -> {
						List<String> frames = new ArrayList<>();
						for (int i = 0; i < unordered.count(); i++) {
							frames.add(c.readReply());
						}
						frames.sort(null);
						transcript.add(step.client() + " <- (any order) " + frames);
					}
					case Skip skip -> c.readReply();
					case ReadUntil until -> {
						String frame;
						do {
							frame = c.readReply();
							transcript.add(step.client() + " <- " + frame);
						}
						while (!frame.contains(until.marker()));
					}
				}
			}
		}
		finally {
			connections.forEach(RespClient::close);
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

	/** Runs the script on the reference Redis and on Cachalot and asserts equal transcripts. */
	static void assertSameAsRedis(Supplier<RespClient> cachalot, int clients, List<String[]> setup, List<Step> script,
			Runnable cleanUpBoth) {
		RespClient probe = ReferenceRedis.connectOrSkip();
		probe.close();
		cleanUpBoth.run();
		List<String> expected = run(ReferenceRedis::connect, clients, setup, script);
		List<String> actual = run(cachalot, clients, setup, script);
		cleanUpBoth.run();
		assertThat(actual).containsExactlyElementsOf(expected);
		assertThat(actual).hasSizeGreaterThan(script.size() / 3);
	}

}
