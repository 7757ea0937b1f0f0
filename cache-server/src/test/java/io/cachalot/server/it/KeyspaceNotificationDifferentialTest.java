package io.cachalot.server.it;

import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.it.MultiClientScript.Call;
import io.cachalot.server.it.MultiClientScript.ReadUntil;
import io.cachalot.server.it.MultiClientScript.Step;
import org.junit.jupiter.api.Test;

/**
 * Keyspace notifications against the real Redis: a subscriber to the key prefix's keyspace
 * channels records every event a sequence of writes produces (event names, order, the "del"
 * after a command empties a value, EXPIRE in the past, expiry), ended by a sentinel message.
 * The reference server is shared: only prefixed keyspace channels are subscribed, and its
 * {@code notify-keyspace-events} is restored afterwards.
 */
class KeyspaceNotificationDifferentialTest extends EmbeddedServerTest {

	private static final String P = "cachalot-ndiff:";

	private static final String CHANNELS = "__keyspace@1[34]__:" + P + "*";

	@Test
	void eventsMatchRedis() {
		String[][] writes = {
				{ "SET", P + "s", "1" }, { "APPEND", P + "s", "2" }, { "INCR", P + "s" }, { "INCRBYFLOAT", P + "s", "1.5" },
				{ "SETRANGE", P + "s", "0", "x" }, { "MSET", P + "m1", "a", P + "m2", "b" }, { "GETDEL", P + "m1" },
				{ "DEL", P + "m2", P + "none" }, { "RPUSH", P + "l", "a", "b" }, { "LPUSH", P + "l", "c" },
				{ "LPOP", P + "l", "3" }, { "HSET", P + "h", "f", "1", "g", "2" }, { "HINCRBY", P + "h", "f", "5" },
				{ "HDEL", P + "h", "f", "g" }, { "SADD", P + "set", "a" }, { "SREM", P + "set", "a" },
				{ "ZADD", P + "z", "1", "a" }, { "ZINCRBY", P + "z", "2", "a" }, { "ZREM", P + "z", "a" },
				{ "SETBIT", P + "b", "7", "1" }, { "PFADD", P + "hll", "x" }, { "XADD", P + "x", "1-1", "f", "v" },
				{ "SET", P + "e", "v" }, { "EXPIRE", P + "e", "100" }, { "PERSIST", P + "e" }, { "PEXPIRE", P + "e", "-1" },
				{ "SET", P + "t", "v", "PX", "100000" }, { "RPUSH", P + "l", "a", "b" }, { "LMOVE", P + "l", P + "l2", "LEFT", "RIGHT" },
				{ "RPOPLPUSH", P + "l", P + "l2" }, { "SADD", P + "set", "x" }, { "SMOVE", P + "set", P + "set2", "x" },
				{ "SET", P + "k", "v" }, { "RENAME", P + "k", P + "k2" }, { "COPY", P + "k2", P + "k3" },
				{ "MOVE", P + "k3", "14" }, { "GETEX", P + "k2", "EX", "100" }, { "GETEX", P + "k2", "PERSIST" },
				{ "ZADD", P + "z", "1", "a", "2", "b" }, { "ZMPOP", "1", P + "z", "MAX", "COUNT", "2" },
				{ "RPUSH", P + "m", "1" }, { "LMPOP", "2", P + "none", P + "m", "RIGHT" }, { "SETEX", P + "se", "100", "v" },
				{ "RPUSH", P + "sl", "3", "1", "2" }, { "SORT", P + "sl", "STORE", P + "sorted" }, { "SORT", P + "sl" },
				{ "XADD", P + "xs", "MAXLEN", "1", "1-1", "f", "v" }, { "XADD", P + "xs", "MAXLEN", "1", "2-1", "f", "v" },
				{ "XGROUP", "CREATE", P + "xs", "g", "0" }, { "XGROUP", "CREATECONSUMER", P + "xs", "g", "c1" },
				{ "XGROUP", "CREATECONSUMER", P + "xs", "g", "c1" }, { "XREADGROUP", "GROUP", "g", "c2", "STREAMS", P + "xs", ">" },
				{ "XGROUP", "SETID", P + "xs", "g", "0" }, { "XGROUP", "DELCONSUMER", P + "xs", "g", "c1" },
				{ "XCLAIM", P + "xs", "g", "c3", "0", "2-1" }, { "XAUTOCLAIM", P + "xs", "g", "c4", "0", "0" },
				{ "XACK", P + "xs", "g", "2-1" },
				{ "XGROUP", "DESTROY", P + "xs", "g" }, { "XTRIM", P + "xs", "MAXLEN", "0" }, { "XSETID", P + "xs", "5-5" },
				{ "GEOADD", P + "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania" },
				{ "GEOSEARCHSTORE", P + "gs", P + "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC" },
				{ "GEORADIUS", P + "g", "15", "37", "200", "km", "STORE", P + "gr" },
				{ "GEORADIUS", P + "g", "0", "0", "1", "km", "STORE", P + "gr" },
				{ "GEOSEARCHSTORE", P + "gs", P + "g", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km" },
				{ "SADD", P + "s1", "a" }, { "SINTERSTORE", P + "inter", P + "s1", P + "nothing" },
				{ "SUNIONSTORE", P + "inter", P + "s1" }, { "SINTERSTORE", P + "inter", P + "s1", P + "nothing" } };
		assertEventsMatchRedis("KEA", writes);
	}

	@Test
	void newKeyAndKeyMissEventsMatchRedis() {
		String[][] commands = { { "GET", P + "a" }, { "HGET", P + "a", "f" }, { "LRANGE", P + "a", "0", "-1" },
				{ "EXISTS", P + "a" }, { "TYPE", P + "a" }, { "TTL", P + "a" }, { "STRLEN", P + "a" },
				{ "MGET", P + "a", P + "b" }, { "OBJECT", "ENCODING", P + "a" }, { "SET", P + "n", "1" },
				{ "SET", P + "n", "2" }, { "SETNX", P + "n", "3" }, { "INCR", P + "i" }, { "LPUSH", P + "l", "x" },
				{ "HSET", P + "h", "f", "v" }, { "MSET", P + "m1", "1", P + "m2", "2" }, { "GET", P + "n" },
				{ "LPUSHX", P + "nolist", "x" }, { "RENAME", P + "n", P + "n2" } };
		assertEventsMatchRedis("Kg$lhnm", commands);
	}

	/**
	 * Enables {@code flags} on both servers (restoring the reference's setting afterwards), runs
	 * the commands with a subscriber on the prefix's keyspace channels, and compares everything
	 * the subscriber received up to a sentinel message.
	 */
	private void assertEventsMatchRedis(String flags, String[][] commands) {
		String previous;
		try (RespClient reference = ReferenceRedis.connectOrSkip()) {
			previous = reference.call("CONFIG", "GET", "notify-keyspace-events").replaceAll(".*\\$\\d+:([^\\]]*)\\]$", "$1");
		}
		List<Step> script = new ArrayList<>(List.of(
				new Call(0, "CONFIG", "SET", "notify-keyspace-events", flags),
				new Call(0, "CONFIG", "GET", "notify-keyspace-events"),
				new Call(1, "PSUBSCRIBE", CHANNELS)));
		for (String[] c : commands) {
			script.add(new Call(0, c));
		}
		script.add(new Call(0, "PUBLISH", "__keyspace@13__:" + P + "end", "sentinel"));
		script.add(new ReadUntil(1, "sentinel"));
		try {
			MultiClientScript.assertSameAsRedis(this::client, 2, List.<String[]>of(new String[] { "SELECT", "13" }), script,
					this::cleanUpBoth);
		}
		finally {
			try (RespClient reference = ReferenceRedis.connect()) {
				reference.call("CONFIG", "SET", "notify-keyspace-events", previous);
			}
		}
	}

	private void cleanUpBoth() {
		try (RespClient reference = ReferenceRedis.connect(); RespClient cachalot = client()) {
			for (RespClient c : List.of(reference, cachalot)) {
				c.call("SELECT", "13");
				c.call("DEL", P + "s", P + "m1", P + "m2", P + "l", P + "h", P + "set", P + "z", P + "b", P + "hll", P + "x",
						P + "e", P + "t", P + "l2", P + "set2", P + "k", P + "k2", P + "k3", P + "m", P + "se", P + "sl", P + "sorted",
						P + "xs", P + "n", P + "n2", P + "i", P + "m1", P + "m2", P + "g", P + "gs", P + "gr", P + "s1", P + "inter");
				c.call("SELECT", "14");
				c.call("DEL", P + "k3");
			}
		}
	}

}
