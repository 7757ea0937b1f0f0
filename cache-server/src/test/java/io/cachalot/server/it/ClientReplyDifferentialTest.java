package io.cachalot.server.it;

import java.util.List;

import io.cachalot.server.it.MultiClientScript.Block;
import io.cachalot.server.it.MultiClientScript.Call;
import io.cachalot.server.it.MultiClientScript.Send;
import io.cachalot.server.it.MultiClientScript.Step;
import org.junit.jupiter.api.Test;

/**
 * CLIENT REPLY against the real Redis — replies switched off, one reply skipped, and what
 * counts as "the next command" (a blocking command's late reply, a transaction) — plus ROLE,
 * READONLY, READWRITE and WAIT (which waits out its timeout: no replica acknowledges) of a
 * standalone primary. A step whose reply is suppressed is sent without reading; the first reply
 * read afterwards shows nothing else arrived. Database 13,
 * key prefix.
 */
class ClientReplyDifferentialTest extends EmbeddedServerTest {

	private static final String DB = "13";

	private static final String P = "cachalot-rdiff:";

	@Test
	void repliesSwitchedOffAndSkippedLikeRedis() {
		compare(List.of(
				new Send(0, "CLIENT", "REPLY", "OFF"),
				new Send(0, "SET", P + "k", "1"),
				new Send(0, "INCR", P + "k"),
				new Send(0, "NOSUCHCOMMAND"),
				new Call(0, "CLIENT", "REPLY", "ON"),
				new Call(0, "GET", P + "k"),
				new Send(0, "CLIENT", "REPLY", "SKIP"),
				new Send(0, "INCR", P + "k"),
				new Call(0, "GET", P + "k"),
				new Send(0, "CLIENT", "REPLY", "SKIP"),
				new Send(0, "CLIENT", "REPLY", "SKIP"),
				new Send(0, "GET", P + "k"),
				new Call(0, "PING"),
				new Call(0, "CLIENT", "REPLY", "MAYBE"),
				new Call(0, "CLIENT", "REPLY"),
				new Send(1, "CLIENT", "REPLY", "SKIP"),
				new Block(1, "BLPOP", P + "list", "0"),
				new Call(0, "RPUSH", P + "list", "a", "b"),
				new Call(1, "LLEN", P + "list"),
				new Send(0, "CLIENT", "REPLY", "OFF"),
				new Send(0, "MULTI"),
				new Send(0, "INCR", P + "k"),
				new Send(0, "EXEC"),
				new Call(0, "CLIENT", "REPLY", "ON"),
				new Call(0, "GET", P + "k"),
				new Call(0, "ROLE"),
				new Call(0, "READONLY"),
				new Call(0, "READWRITE"),
				new Call(0, "WAIT", "0", "0"),
				new Call(0, "WAIT", "1", "50"),
				new Call(0, "WAIT", "x", "0"),
				new Call(0, "WAIT", "1", "x"),
				new Call(0, "WAIT", "1", "-1"),
				new Call(0, "MULTI"),
				new Call(0, "WAIT", "1", "0"),
				new Call(0, "EXEC")));
	}

	private void compare(List<Step> script) {
		MultiClientScript.assertSameAsRedis(this::client, 2, List.<String[]>of(new String[] { "SELECT", DB }), script,
				this::cleanUpBoth);
	}

	private void cleanUpBoth() {
		try (RespClient reference = ReferenceRedis.connect(); RespClient cachalot = client()) {
			for (RespClient c : List.of(reference, cachalot)) {
				c.call("SELECT", DB);
				c.call("DEL", P + "k", P + "list");
			}
		}
	}

}
