package io.cachalot.server.it;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Server, key and introspection commands, reply by reply. */
class ServerCommandsIntegrationTest extends EmbeddedServerTest {

	@BeforeEach
	void clean() {
		try (RespClient c = client()) {
			c.call("FLUSHALL", "SYNC");
		}
	}

	@Test
	void databasesCountFlushAndSwap() {
		try (RespClient c = client()) {
			c.call("MSET", "a", "1", "b", "2");
			assertThat(c.call("DBSIZE")).isEqualTo(":2");
			assertThat(c.call("SWAPDB", "0", "5")).isEqualTo("+OK");
			assertThat(c.call("DBSIZE")).isEqualTo(":0");
			assertThat(c.call("SWAPDB", "x", "1")).isEqualTo("-ERR invalid first DB index");
			assertThat(c.call("SWAPDB", "0", "99")).isEqualTo("-ERR DB index is out of range");
			assertThat(c.call("SELECT", "5")).isEqualTo("+OK");
			assertThat(c.call("FLUSHDB", "ASYNC")).isEqualTo("+OK");
			assertThat(c.call("DBSIZE")).isEqualTo(":0");
			assertThat(c.call("FLUSHDB", "NOW")).isEqualTo("-ERR syntax error");
		}
	}

	@Test
	void moveScanRandomkeyAndAbsoluteExpiry() {
		try (RespClient c = client()) {
			assertThat(c.call("RANDOMKEY")).isEqualTo("$-1");
			c.call("SET", "k", "v");
			assertThat(c.call("RANDOMKEY")).isEqualTo("$1:k");
			assertThat(c.call("MOVE", "k", "0")).isEqualTo("-ERR source and destination objects are the same");
			assertThat(c.call("MOVE", "k", "2")).isEqualTo(":1");
			assertThat(c.call("SCAN", "0")).isEqualTo("*2[$1:0,*0[]]");
			c.call("SELECT", "2");
			assertThat(c.call("SCAN", "0", "COUNT", "100")).isEqualTo("*2[$1:0,*1[$1:k]]");
			assertThat(c.call("SCAN", "0", "COUNT", "0")).isEqualTo("-ERR syntax error");
			long at = System.currentTimeMillis() / 1000 + 500;
			assertThat(c.call("EXPIREAT", "k", Long.toString(at))).isEqualTo(":1");
			assertThat(c.call("EXPIRETIME", "k")).isEqualTo(":" + at);
			assertThat(c.call("PEXPIREAT", "k", Long.toString(at * 1000 + 5))).isEqualTo(":1");
			assertThat(c.call("PEXPIRETIME", "k")).isEqualTo(":" + (at * 1000 + 5));
			assertThat(c.call("PEXPIREAT", "k", "1")).isEqualTo(":1");
			assertThat(c.call("EXISTS", "k")).isEqualTo(":0");
		}
	}

	@Test
	void timeAndLastsave() {
		try (RespClient c = client()) {
			assertThat(c.call("TIME")).matches("\\*2\\[\\$10:\\d{10},\\$\\d:\\d+\\]");
			assertThat(c.call("LASTSAVE")).matches(":\\d{10}");
		}
	}

	@Test
	void clientSubcommands() {
		try (RespClient c = client()) {
			assertThat(c.call("CLIENT", "SETINFO", "LIB-NAME", "cachalot-test")).isEqualTo("+OK");
			assertThat(c.call("CLIENT", "SETINFO", "LIB-VER", "1.0")).isEqualTo("+OK");
			assertThat(c.call("CLIENT", "SETINFO", "LIB-COLOR", "red")).isEqualTo("-ERR Unrecognized option 'LIB-COLOR'");
			assertThat(c.call("CLIENT", "INFO")).contains("lib-name=cachalot-test lib-ver=1.0");
			assertThat(c.call("CLIENT", "NO-EVICT", "ON")).isEqualTo("+OK");
			assertThat(c.call("CLIENT", "INFO")).contains("flags=e ");
			assertThat(c.call("CLIENT", "NO-EVICT", "maybe")).isEqualTo("-ERR syntax error");
			assertThat(c.call("CLIENT", "KILL", "1.2.3.4:5")).isEqualTo("-ERR No such client");
			assertThat(c.call("CLIENT", "LIST", "TYPE", "pubsub")).isEqualTo("$0:");
			assertThat(c.call("CLIENT", "HELP")).startsWith("*").contains("+SETNAME <name>");
		}
	}

	@Test
	void helpAndIntrospectionSubcommands() {
		try (RespClient c = client()) {
			assertThat(c.call("COMMAND", "HELP")).contains("+GETKEYS <full-command>");
			assertThat(c.call("CONFIG", "HELP")).contains("+REWRITE");
			assertThat(c.call("OBJECT", "HELP")).contains("+ENCODING <key>");
			assertThat(c.call("MEMORY", "HELP")).contains("+USAGE <key> [SAMPLES <count>]");
			assertThat(c.call("MEMORY", "DOCTOR")).contains("memory issue");
			assertThat(c.call("MEMORY", "MALLOC-STATS")).contains("JVM heap");
			assertThat(c.call("MEMORY", "PURGE")).isEqualTo("+OK");
			assertThat(c.call("COMMAND", "GETKEYSANDFLAGS", "SET", "a", "b")).isEqualTo("*1[*2[$1:a,*4[+RW,+access,+update,+variable_flags]]]");
			assertThat(c.call("COMMAND", "INFO", "get")).isEqualTo(
					"*1[*10[$3:get,:2,*2[+readonly,+fast],:1,:1,:1,*3[+@read,+@string,+@fast],*0[],"
							+ "*1[*6[$5:flags,*2[+RO,+access],$12:begin_search,*4[$4:type,$5:index,$4:spec,*2[$5:index,:1]],"
							+ "$9:find_keys,*4[$4:type,$5:range,$4:spec,*6[$7:lastkey,:0,$7:keystep,:1,$5:limit,:0]]]],*0[]]]");
			assertThat(c.call("COMMAND", "DOCS", "get")).startsWith("*2[$3:get,*6[$7:summary,");
			assertThat(c.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "client|s*")).contains("$14:client|setname");
			assertThat(c.call("COMMAND", "COUNT")).matches(":\\d+");
		}
	}

	@Test
	void objectFreqUnderLfuAndRefcountOfSharedIntegers() {
		try (RespClient c = client()) {
			c.call("SET", "n", "100");
			assertThat(c.call("OBJECT", "REFCOUNT", "n")).isEqualTo(":2147483647");
			assertThat(c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu")).isEqualTo("+OK");
			c.call("SET", "f", "v");
			assertThat(c.call("OBJECT", "FREQ", "f")).matches(":[5-9]");
			assertThat(c.call("OBJECT", "IDLETIME", "f")).startsWith("-ERR An LFU maxmemory policy is selected");
			assertThat(c.call("CONFIG", "SET", "maxmemory-policy", "noeviction")).isEqualTo("+OK");
		}
	}

}
