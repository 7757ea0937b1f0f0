package io.cachalot.server.it;

import java.util.List;

import io.cachalot.server.it.MultiClientScript.Call;
import io.cachalot.server.it.MultiClientScript.Step;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FUNCTION LOAD / LIST / DELETE / RESTORE and FCALL / FCALL_RO against the real Redis: the
 * library metadata errors, register_function's forms and errors, what a library sees while
 * it loads, read-only functions, and a dump made by Redis restored into Cachalot. Functions
 * are server-wide, so every library here is named {@code cachalot_fdiff_*} and deleted
 * afterwards; nothing flushes or lists the shared server's other libraries.
 */
class FunctionDifferentialTest extends EmbeddedServerTest {

	private static final String DB = "13";

	private static final String P = "cachalot-fdiff:";

	private static final String LIB1 = "#!lua name=cachalot_fdiff_1\n"
			+ "redis.register_function('cfd_first', function(keys, args) return keys[1] end)\n"
			+ "redis.register_function{function_name='cfd_count', callback=function(keys, args) return #args end,"
			+ " flags={'no-writes'}, description='counts'}";

	@Test
	void loadingLibrariesLikeRedis() {
		compare(List.of(
				load("return 1"),
				load("#!lua\nreturn 1"),
				load("#!lua name=cachalot_fdiff_1 foo=bar\nreturn 1"),
				load("#!js name=cachalot_fdiff_1\nreturn 1"),
				load("#!lua name=cachalot-fdiff\nreturn 1"),
				load("#!lua name=cachalot_fdiff_1\nreturn 1"),
				load(LIB1),
				load("#!lua name=cachalot_fdiff_1\nredis.register_function('cfd_other', function() return 1 end)"),
				load("#!lua name=cachalot_fdiff_2\nredis.register_function('cfd_first', function() return 1 end)"),
				load("#!lua name=cachalot_fdiff_2\nredis.call('ping')"),
				load("#!lua name=cachalot_fdiff_2\nredis.register_function('cfd-x', function() return 1 end)"),
				load("#!lua name=cachalot_fdiff_2\nredis.register_function('cfd_x', 1)"),
				load("#!lua name=cachalot_fdiff_2\nredis.register_function{function_name='cfd_x', callback=function() end,"
						+ " flags={'bad'}}"),
				load("#!lua name=cachalot_fdiff_2\nredis.register_function{function_name='cfd_x', callback=function() end,"
						+ " foo=1}"),
				load("#!lua name=cachalot_fdiff_2\nlocal x = "),
				load("#!lua name=cachalot_fdiff_2\nredis.register_function('cfd_x', function() return 1 end)\n"
						+ "redis.register_function('cfd_x', function() return 1 end)"),
				load("#!lua name=cachalot_fdiff_2\nredis.register_function('cfd_x')"),
				// a library sees only the loading API while it loads
				load("#!lua name=cachalot_fdiff_2\nlocal x = string\nredis.register_function('cfd_x', function() end)"),
				load("#!lua name=cachalot_fdiff_2\nlocal x = pcall\nredis.register_function('cfd_x', function() end)"),
				load("#!lua name=cachalot_fdiff_2\nlocal x = redis.setresp\nredis.register_function('cfd_x', function() end)"),
				load("#!lua name=cachalot_fdiff_2\nlocal x = redis.REDIS_VERSION .. redis.LOG_NOTICE\n"
						+ "redis.register_function('cfd_x', function() return type(string) end)"),
				new Call(0, "FCALL", "cfd_x", "0"),
				new Call(0, "FUNCTION", "DELETE", "cachalot_fdiff_2"),
				new Call(0, "FUNCTION", "LOAD", "BOGUS", "#!lua name=cachalot_fdiff_2\nreturn 1"),
				new Call(0, "FUNCTION", "DELETE", "cachalot_fdiff_nosuch"),
				list("LIBRARYNAME", "cachalot_fdiff_1"),
				list("WITHCODE", "LIBRARYNAME", "cachalot_fdiff_1"),
				new Call(0, "FUNCTION", "LIST", "BAD"),
				new Call(0, "FUNCTION", "LIST", "LIBRARYNAME"),
				new Call(0, "FUNCTION", "RESTORE", "abc"),
				new Call(0, "FUNCTION", "RESTORE", "abc", "BAD"),
				new Call(0, "FUNCTION", "FLUSH", "BAD"),
				new Call(0, "FUNCTION", "KILL"),
				new Call(0, "FUNCTION", "HELP"),
				new Call(0, "FUNCTION", "DELETE", "cachalot_fdiff_1"),
				new Call(0, "FUNCTION", "LIST", "LIBRARYNAME", "cachalot_fdiff_1")));
	}

	@Test
	void callingFunctionsLikeRedis() {
		compare(List.of(
				load(LIB1),
				load("#!lua name=cachalot_fdiff_2\nredis.register_function('cfd_global', function() return x end)\n"
						+ "redis.register_function('cfd_write', function(keys) return redis.call('set', keys[1], 'v') end)\n"
						+ "redis.register_function{function_name='cfd_ro_write', flags={'no-writes'},"
						+ " callback=function(keys) return redis.call('set', keys[1], 'v') end}"),
				new Call(0, "FCALL", "cfd_first", "1", P + "k1", "a"),
				new Call(0, "FCALL", "cfd_count", "0", "a", "b", "c"),
				new Call(0, "FCALL_RO", "cfd_first", "1", P + "k1"),
				new Call(0, "FCALL_RO", "cfd_count", "0", "a"),
				new Call(0, "FCALL", "cfd_global", "0"),
				new Call(0, "FCALL", "cfd_write", "1", P + "w"),
				new Call(0, "GET", P + "w"),
				new Call(0, "FCALL", "cfd_ro_write", "1", P + "w"),
				new Call(0, "FCALL", "cfd_nosuch", "0"),
				new Call(0, "FCALL", "cfd_first", "x"),
				new Call(0, "FCALL", "cfd_first", "-1"),
				new Call(0, "FCALL", "cfd_first", "3", "a"),
				load("#!lua name=cachalot_fdiff_2\nredis.register_function('cfd_replaced', function() return 'r' end)"),
				new Call(0, "FUNCTION", "LOAD", "REPLACE",
						"#!lua name=cachalot_fdiff_2\nredis.register_function('cfd_replaced', function() return 'r' end)"),
				new Call(0, "FCALL", "cfd_replaced", "0"),
				new Call(0, "FCALL", "cfd_write", "1", P + "w")));
	}

	@Test
	void aDumpFromRedisRestoresIntoCachalot() {
		try (RespClient redis = ReferenceRedis.connectOrSkip(); RespClient cachalot = client()) {
			try {
				redis.call("FUNCTION", "LOAD", "REPLACE", LIB1);
				byte[] dump = redis.callBytes("FUNCTION", "DUMP");
				cachalot.call(RespClient.args("FUNCTION", "FLUSH"));
				List<byte[]> restore = RespClient.args("FUNCTION", "RESTORE");
				restore.add(dump);
				assertThat(cachalot.call(restore)).isEqualTo("+OK");
				assertThat(RenderedReplies.sortFunctionLists(
						cachalot.call("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "cachalot_fdiff_*")))
					.isEqualTo(RenderedReplies.sortFunctionLists(
							redis.call("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "cachalot_fdiff_*")));
				assertThat(cachalot.call("FCALL", "cfd_count", "0", "a", "b")).isEqualTo(":2");
				// and back: Redis accepts Cachalot's dump
				byte[] ours = cachalot.callBytes("FUNCTION", "DUMP");
				redis.call("FUNCTION", "DELETE", "cachalot_fdiff_1");
				List<byte[]> back = RespClient.args("FUNCTION", "RESTORE");
				back.add(ours);
				assertThat(redis.call(back)).isEqualTo("+OK");
				assertThat(redis.call("FCALL", "cfd_first", "1", "x")).isEqualTo("$1:x");
			}
			finally {
				redis.call("FUNCTION", "DELETE", "cachalot_fdiff_1");
				cachalot.call("FUNCTION", "FLUSH");
			}
		}
	}

	/** FUNCTION LIST, its functions in a fixed order: Redis lists them in its dict's seeded order. */
	private static Step list(String... arguments) {
		String[] command = new String[arguments.length + 2];
		command[0] = "FUNCTION";
		command[1] = "LIST";
		System.arraycopy(arguments, 0, command, 2, arguments.length);
		return new MultiClientScript.CallNormalized(0, RenderedReplies::sortFunctionLists, command);
	}

	private static Step load(String code) {
		return new Call(0, "FUNCTION", "LOAD", code);
	}

	private void compare(List<Step> script) {
		MultiClientScript.assertSameAsRedis(this::client, 1, List.<String[]>of(new String[] { "SELECT", DB }), script,
				this::cleanUpBoth);
	}

	private void cleanUpBoth() {
		try (RespClient reference = ReferenceRedis.connect(); RespClient cachalot = client()) {
			for (RespClient c : List.of(reference, cachalot)) {
				c.call("SELECT", DB);
				c.call("DEL", P + "w", P + "k1");
				c.call("FUNCTION", "DELETE", "cachalot_fdiff_1");
				c.call("FUNCTION", "DELETE", "cachalot_fdiff_2");
			}
		}
	}

}
