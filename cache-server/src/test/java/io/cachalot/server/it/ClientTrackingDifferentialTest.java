package io.cachalot.server.it;

import java.util.List;

import io.cachalot.server.it.MultiClientScript.Call;
import io.cachalot.server.it.MultiClientScript.Read;
import io.cachalot.server.it.MultiClientScript.Send;
import io.cachalot.server.it.MultiClientScript.Skip;
import io.cachalot.server.it.MultiClientScript.Step;
import org.junit.jupiter.api.Test;

/**
 * CLIENT TRACKING against the real Redis: option errors, TRACKINGINFO, default-mode
 * invalidation after another client's write (one message per remembered read), NOLOOP, OPTIN
 * with CLIENT CACHING, BCAST prefixes, and reads of a client that switched to BCAST. Database
 * 13, key prefix.
 */
class ClientTrackingDifferentialTest extends EmbeddedServerTest {

	private static final String P = "cachalot-cdiff:";

	@Test
	void trackingRepliesAndInvalidationsMatchRedis() {
		compare(List.of(
				new Send(0, "HELLO", "3"),
				new Skip(0),
				new Call(0, "CLIENT", "TRACKING", "ON", "OPTIN", "OPTOUT"),
				new Call(0, "CLIENT", "TRACKING", "ON", "PREFIX", "x"),
				new Call(0, "CLIENT", "CACHING", "YES"),
				new Call(0, "CLIENT", "TRACKING", "ON", "REDIRECT", "999999999"),
				new Call(0, "CLIENT", "GETREDIR"),
				new Call(0, "CLIENT", "TRACKING", "ON"),
				new Call(0, "CLIENT", "TRACKINGINFO"),
				new Call(0, "GET", P + "a"),
				new Call(0, "MGET", P + "b", P + "c"),
				new Call(1, "MSET", P + "a", "1", P + "b", "2"),
				new Read(0), new Read(0),
				new Call(1, "SET", P + "a", "again"),
				new Call(0, "PING"),
				new Call(0, "CLIENT", "TRACKING", "ON", "BCAST"),
				new Call(0, "CLIENT", "TRACKINGINFO")));
	}

	@Test
	void optinNoloopAndBroadcastMatchRedis() {
		compare(List.of(
				new Send(0, "HELLO", "3"),
				new Skip(0),
				new Call(0, "CLIENT", "TRACKING", "ON", "OPTIN", "NOLOOP"),
				new Call(0, "CLIENT", "CACHING", "NO"),
				new Call(0, "GET", P + "c"),
				new Call(0, "CLIENT", "CACHING", "YES"),
				new Call(0, "CLIENT", "TRACKINGINFO"),
				new Call(0, "GET", P + "d"),
				new Call(0, "CLIENT", "CACHING", "YES"),
				new Call(0, "GET", P + "e"),
				new Call(0, "SET", P + "e", "own-write"),
				new Call(1, "SET", P + "c", "unremembered"),
				new Call(1, "SET", P + "d", "unremembered"),
				new Call(0, "PING"),
				new Call(0, "CLIENT", "GETREDIR")));
		compare(List.of(
				new Send(0, "HELLO", "3"),
				new Skip(0),
				new Call(0, "CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", P + "p"),
				new Call(1, "SET", P + "q", "no match"),
				new Call(1, "SET", P + "p1", "match"),
				new Read(0),
				new Call(0, "CLIENT", "TRACKINGINFO"),
				new Call(0, "CLIENT", "TRACKING", "OFF"),
				new Call(0, "CLIENT", "GETREDIR")));
	}

	private void compare(List<Step> script) {
		MultiClientScript.assertSameAsRedis(this::client, 2, List.<String[]>of(new String[] { "SELECT", "13" }), script,
				this::cleanUpBoth);
	}

	private void cleanUpBoth() {
		try (RespClient reference = ReferenceRedis.connect(); RespClient cachalot = client()) {
			for (RespClient c : List.of(reference, cachalot)) {
				c.call("SELECT", "13");
				c.call("DEL", P + "a", P + "b", P + "c", P + "d", P + "e", P + "q", P + "p1");
			}
		}
	}

}
