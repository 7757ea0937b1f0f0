package io.cachalot.server.it;

import java.util.List;

import io.cachalot.server.it.MultiClientScript.Block;
import io.cachalot.server.it.MultiClientScript.Call;
import io.cachalot.server.it.MultiClientScript.Read;
import io.cachalot.server.it.MultiClientScript.Step;
import org.junit.jupiter.api.Test;

/**
 * MULTI / EXEC / WATCH against the real Redis: queue-time errors (EXECABORT) versus run-time
 * errors, nesting and misuse errors, WATCH with writes from another connection, blocking
 * commands inside a transaction, and a transaction's writes waking a client blocked elsewhere.
 * Database 13, key prefix.
 */
class TransactionDifferentialTest extends EmbeddedServerTest {

	private static final String DB = "13";

	private static final String P = "cachalot-tdiff:";

	@Test
	void transactionsReplyLikeRedis() {
		compare(List.of(
				new Call(0, "EXEC"),
				new Call(0, "DISCARD"),
				new Call(0, "MULTI"),
				new Call(0, "MULTI"),
				new Call(0, "WATCH", P + "x"),
				new Call(0, "SET", P + "k", "1"),
				new Call(0, "NOSUCHCOMMAND"),
				new Call(0, "GET"),
				new Call(0, "EXEC"),
				new Call(0, "GET", P + "k"),
				new Call(0, "MULTI"),
				new Call(0, "SET", P + "k", "1"),
				new Call(0, "INCR", P + "k"),
				new Call(0, "LPUSH", P + "k", "x"),
				new Call(0, "BLPOP", P + "nolist", "0"),
				new Call(0, "BZPOPMIN", P + "nozset", "0"),
				new Call(0, "EXEC")));
	}

	@Test
	void watchedKeysChangedByAnotherClientAbortExec() {
		compare(List.of(
				new Call(0, "SET", P + "w", "1"),
				new Call(0, "WATCH", P + "w", P + "other"),
				new Call(1, "INCR", P + "w"),
				new Call(0, "MULTI"),
				new Call(0, "SET", P + "w", "mine"),
				new Call(0, "EXEC"),
				new Call(0, "GET", P + "w"),
				new Call(0, "WATCH", P + "w"),
				new Call(1, "GET", P + "w"),
				new Call(0, "MULTI"),
				new Call(0, "SET", P + "w", "mine"),
				new Call(0, "EXEC"),
				new Call(0, "WATCH", P + "w"),
				new Call(0, "UNWATCH"),
				new Call(1, "SET", P + "w", "after-unwatch"),
				new Call(0, "MULTI"),
				new Call(0, "GET", P + "w"),
				new Call(0, "EXEC"),
				new Call(0, "WATCH", P + "gone"),
				new Call(1, "SET", P + "gone", "1"),
				new Call(1, "DEL", P + "gone"),
				new Call(0, "MULTI"),
				new Call(0, "EXEC")));
	}

	@Test
	void aTransactionWakesClientsBlockedElsewhere() {
		compare(List.of(
				new Block(1, "BLPOP", P + "queue", "0"),
				new Call(0, "MULTI"),
				new Call(0, "RPUSH", P + "queue", "a", "b"),
				new Call(0, "LPOP", P + "queue"),
				new Call(0, "RPUSH", P + "queue", "c"),
				new Call(0, "EXEC"),
				new Read(1),
				new Call(0, "LRANGE", P + "queue", "0", "-1")));
	}

	private void compare(List<Step> script) {
		MultiClientScript.assertSameAsRedis(this::client, 2, List.<String[]>of(new String[] { "SELECT", DB }), script,
				this::cleanUpBoth);
	}

	private void cleanUpBoth() {
		try (RespClient reference = ReferenceRedis.connect(); RespClient cachalot = client()) {
			for (RespClient c : List.of(reference, cachalot)) {
				c.call("SELECT", DB);
				c.call("DEL", P + "k", P + "w", P + "other", P + "gone", P + "queue", P + "nolist", P + "nozset");
			}
		}
	}

}
