package io.cachalot.server.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.cachalot.server.CachalotServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Scripting behaviour only Cachalot can be asked about safely (the shared Redis must never be
 * made busy): busy scripts and BUSY replies, SCRIPT KILL / FUNCTION KILL, UNKILLABLE after a
 * write, FUNCTION STATS of a running function; atomicity under concurrency — scripts with
 * declared and undeclared keys racing plain commands on several event loops lose no update;
 * scripts through Jedis and Lettuce, inside MULTI / EXEC; sandbox escapes refused; FUNCTION
 * DUMP / RESTORE policies.
 */
class ScriptingIntegrationTest extends EmbeddedServerTest {

	@Override
	protected CachalotServer.Builder configure(CachalotServer.Builder builder) {
		return builder.config("busy-reply-threshold", "100");
	}

	@AfterEach
	void cleanUp() {
		try (RespClient c = client()) {
			c.call("FLUSHALL");
			c.call("FUNCTION", "FLUSH");
			c.call("SCRIPT", "FLUSH");
		}
	}

	@Test
	void aBusyScriptGetsOthersBusyAndScriptKillStopsIt() throws Exception {
		try (RespClient runner = client(); RespClient other = client(); RespClient killer = client()) {
			runner.send(RespClient.encode(RespClient.args("EVAL", "local i = 0 while true do i = i + 1 end", "0")));
			awaitBusy(other);
			assertThat(other.call("PING")).startsWith("-BUSY Redis is busy running a script. You can only call SCRIPT KILL");
			assertThat(other.call("SET", "k", "v")).startsWith("-BUSY");
			assertThat(killer.call("FUNCTION", "KILL")).isEqualTo("-ERR No function in execution right now. Did you mean SCRIPT KILL?");
			assertThat(killer.call("SCRIPT", "KILL")).isEqualTo("+OK");
			assertThat(runner.readReply()).startsWith("-ERR Script killed by user with SCRIPT KILL... script: ")
				.endsWith(", on @user_script:1.");
			assertThat(other.call("PING")).isEqualTo("+PONG");
			assertThat(killer.call("SCRIPT", "KILL")).isEqualTo("-NOTBUSY No scripts in execution right now.");
		}
	}

	@Test
	void aScriptThatWroteCannotBeKilledButShutdownOfTheScriptEndsIt() throws Exception {
		try (RespClient runner = client(); RespClient other = client()) {
			runner.send(RespClient.encode(RespClient.args("EVAL",
					"redis.call('set', KEYS[1], 'written') local deadline = tonumber(ARGV[1]) "
							+ "while redis.call('exists', 'stop') == 0 do end return 'done'",
					"1", "w", "0")));
			awaitBusy(other);
			assertThat(other.call("SCRIPT", "KILL")).startsWith("-UNKILLABLE Sorry the script already executed write commands");
			// the script is still running and holds the keyspace: it ends only when it sees the key, which
			// nobody can set now — so stop it the way Redis allows, by stopping it at the engine
			this.server.context().scripts().stopRunning("test over");
			assertThat(runner.readReply()).startsWith("-ERR test over script: ");
			assertThat(other.call("GET", "w")).isEqualTo("$7:written");
		}
	}

	@Test
	void aKillNeverLeavesHalfAScriptBehind() throws Exception {
		// SCRIPT KILL races the script's first write: either it is killed with nothing written, or it is UNKILLABLE
		for (int round = 0; round < 8; round++) {
			String key = "race:" + round;
			try (RespClient runner = client(); RespClient other = client()) {
				runner.send(RespClient.encode(RespClient.args("EVAL",
						"local i = 0 while i < tonumber(ARGV[1]) do i = i + 1 end redis.call('set', KEYS[1], 'written') "
								+ "while true do end",
						"1", key, Integer.toString(round * 40_000))));
				String answer;
				do {
					answer = other.call("SCRIPT", "KILL");
				}
				while (answer.startsWith("-NOTBUSY"));
				if (answer.equals("+OK")) {
					assertThat(runner.readReply()).startsWith("-ERR Script killed by user with SCRIPT KILL...");
					assertThat(other.call("EXISTS", key)).isEqualTo(":0");
				}
				else {
					assertThat(answer).startsWith("-UNKILLABLE");
					this.server.context().scripts().stopRunning("test over");
					assertThat(runner.readReply()).startsWith("-ERR test over");
					assertThat(other.call("GET", key)).isEqualTo("$7:written");
				}
			}
		}
	}

	@Test
	void aBusyFunctionShowsInStatsAndFunctionKillStopsIt() throws Exception {
		try (RespClient runner = client(); RespClient other = client()) {
			assertThat(other.call("FUNCTION", "LOAD",
					"#!lua name=spin\nredis.register_function('spin', function() while true do end end)"))
				.isEqualTo("$4:spin");
			runner.send(RespClient.encode(RespClient.args("FCALL", "spin", "0")));
			awaitBusy(other);
			assertThat(other.call("GET", "x")).isEqualTo(
					"-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.");
			assertThat(other.call("FUNCTION", "STATS")).contains("$14:running_script,*6[$4:name,$4:spin,$7:command");
			assertThat(other.call("SCRIPT", "KILL")).isEqualTo("-ERR No scripts in execution right now. Did you mean FUNCTION KILL?");
			assertThat(other.call("FUNCTION", "KILL")).isEqualTo("+OK");
			assertThat(runner.readReply()).startsWith("-ERR Script killed by user with FUNCTION KILL... script: spin, on @user_function:2.");
			assertThat(other.call("FUNCTION", "STATS")).startsWith("*4[$14:running_script,$-1,");
		}
	}

	@Test
	void aSlowScriptUnderTheThresholdMakesOthersWaitNotFail() throws Exception {
		try (RespClient runner = client(); RespClient other = client()) {
			// some work, well under the threshold: a command for a key waits for the script
			other.call("CONFIG", "SET", "busy-reply-threshold", "10000");
			runner.send(RespClient.encode(RespClient.args("EVAL",
					"local t = redis.call('time') local start = t[1] * 1000000 + t[2] "
							+ "redis.call('set', KEYS[1], 'from-script') local n = 0 for i = 1, 3000000 do n = n + i end return n",
					"1", "k")));
			Thread.sleep(5);
			String seen = other.call("GET", "k");
			assertThat(runner.readReply()).startsWith(":");
			assertThat(seen).isIn("$11:from-script", "$-1");
			other.call("CONFIG", "SET", "busy-reply-threshold", "100");
		}
	}

	@Test
	void scriptsAreAtomicForEveryClientEvenWithUndeclaredKeys() throws Exception {
		int threads = 8;
		int rounds = 300;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int mode = t % 4;
				done.add(pool.submit(() -> {
					try (RespClient c = client()) {
						for (int i = 0; i < rounds; i++) {
							String reply = switch (mode) {
								// read-modify-write on a key the script does not declare
								case 0 -> c.call("EVAL", "local v = redis.call('get', 'counter') "
										+ "redis.call('set', 'counter', (tonumber(v) or 0) + 1) return 1", "0");
								case 1 -> c.call("EVALSHA", sha(c), "1", "counter");
								case 2 -> c.call("INCR", "counter");
								default -> execIncr(c);
							};
							assertThat(reply).doesNotStartWith("-");
						}
					}
					return null;
				}));
			}
			for (Future<?> f : done) {
				f.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		try (RespClient c = client()) {
			assertThat(c.call("GET", "counter")).isEqualTo("$4:" + (threads * rounds));
		}
	}

	private static String sha(RespClient c) {
		String reply = c.call("SCRIPT", "LOAD",
				"local v = redis.call('get', KEYS[1]) redis.call('set', KEYS[1], (tonumber(v) or 0) + 1) return 1");
		return reply.substring(reply.indexOf(':') + 1);
	}

	private static String execIncr(RespClient c) {
		c.call("MULTI");
		c.call("INCR", "counter");
		return c.call("EXEC");
	}

	@Test
	void scriptsWorkInsideMultiExec() {
		try (RespClient c = client()) {
			c.call("MULTI");
			c.call("EVAL", "return redis.call('incrby', KEYS[1], 5)", "1", "m");
			c.call("EVAL", "return redis.call('lpop', 'nolist')", "0");
			c.call("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('f', function(k) return redis.call('get', k[1]) end)");
			assertThat(c.call("EXEC")).isEqualTo("*3[:5,$-1,$3:lib]");
			assertThat(c.call("FCALL", "f", "1", "m")).isEqualTo("$1:5");
		}
	}

	@Test
	void jedisAndLettuceRunScriptsAndFunctions() {
		try (Jedis jedis = new Jedis("127.0.0.1", port())) {
			assertThat(jedis.eval("return redis.call('set', KEYS[1], ARGV[1])", List.of("j"), List.of("v"))).isEqualTo("OK");
			String sha = jedis.scriptLoad("return redis.call('get', KEYS[1])");
			assertThat(jedis.evalsha(sha, List.of("j"), List.of())).isEqualTo("v");
			assertThat(jedis.scriptExists(sha, "0000000000000000000000000000000000000000")).containsExactly(true, false);
			assertThat(jedis.functionLoad("#!lua name=jlib\nredis.register_function{function_name='jf', "
					+ "callback=function(keys, args) return args[1] .. keys[1] end, flags={'no-writes'}}")).isEqualTo("jlib");
			assertThat(jedis.fcallReadonly("jf", List.of("k"), List.of("a-"))).isEqualTo("a-k");
			assertThatThrownBy(() -> jedis.eval("return redis.call('nosuch')")).isInstanceOf(JedisDataException.class)
				.hasMessageStartingWith("ERR Unknown Redis command called from script");
		}
		RedisClient lettuce = RedisClient.create("redis://127.0.0.1:" + port());
		try (var connection = lettuce.connect()) {
			RedisCommands<String, String> redis = connection.sync();
			String sha = redis.scriptLoad("return {KEYS[1], tonumber(ARGV[1]) * 2}");
			List<Object> out = redis.evalsha(sha, ScriptOutputType.MULTI, new String[] { "lk" }, "21");
			assertThat(out).containsExactly("lk", 42L);
			assertThat((Long) redis.eval("return redis.call('incr', KEYS[1])", ScriptOutputType.INTEGER, "li")).isEqualTo(1L);
			assertThat(redis.scriptFlush()).isEqualTo("OK");
			assertThat(redis.scriptExists(sha)).containsExactly(false);
		}
		finally {
			lettuce.shutdown();
		}
	}

	@Test
	void sandboxEscapesAreRefused() {
		try (RespClient c = client()) {
			String[] escapes = { "return os.execute('id')", "return io.open('/etc/passwd')", "return require('os')",
					"return dofile('/etc/passwd')", "return loadfile('/etc/passwd')", "return luajava.bindClass('java.lang.System')",
					"return debug.getregistry()", "return package.loaded", "return newproxy()", "return setfenv(1, {})",
					"return loadstring(string.dump(function() return 1 end))()", "return load('\\27Lua', 'x', 'b')()",
					"getmetatable('').__index.upper = function() return 'pwned' end",
					"getmetatable('').__index = {}", "local mt = getmetatable('') mt.__index = nil",
					"redis.call = function() return 'pwned' end", "_G.redis = {}", "rawset(redis, 'call', nil)",
					"KEYS = {}", "math.random = nil" };
			for (String escape : escapes) {
				String reply = c.call("EVAL", escape, "0");
				assertThat(reply).as(escape).startsWith("-ERR").doesNotContain("pwned");
			}
			assertThat(c.call("EVAL", "local function f() return 1 + f() end return f()", "0"))
				.startsWith("-ERR Error running script: stack overflow script: ");
			assertThat(c.call("EVAL", "return string.upper('ok')", "0")).isEqualTo("$2:OK");
			assertThat(c.call("EVAL", "return type(redis.call)", "0")).isEqualTo("$8:function");
			// a global a script tries to leave for the next one is refused
			assertThat(c.call("EVAL", "leftover = 1", "0")).contains("Attempt to modify a readonly table");
			assertThat(c.call("EVAL", "return leftover", "0")).contains("nonexistent global variable 'leftover'");
		}
	}

	@Test
	void functionDumpAndRestorePolicies() {
		try (RespClient c = client()) {
			c.call("FUNCTION", "LOAD", "#!lua name=a\nredis.register_function('fa', function() return 'a1' end)");
			byte[] dump = c.callBytes("FUNCTION", "DUMP");
			c.call("FUNCTION", "DELETE", "a");
			c.call("FUNCTION", "LOAD", "#!lua name=a\nredis.register_function('fa', function() return 'a2' end)");
			assertThat(c.call(withPayload(dump))).isEqualTo("-ERR Library a already exists");
			assertThat(c.call(withPayload(dump, "REPLACE"))).isEqualTo("+OK");
			assertThat(c.call("FCALL", "fa", "0")).isEqualTo("$2:a1");
			c.call("FUNCTION", "LOAD", "#!lua name=b\nredis.register_function('fb', function() return 'b' end)");
			assertThat(c.call(withPayload(dump, "FLUSH"))).isEqualTo("+OK");
			assertThat(c.call("FCALL", "fb", "0")).isEqualTo("-ERR Function not found");
			byte[] damaged = dump.clone();
			damaged[3] ^= 1;
			assertThat(c.call(withPayload(damaged))).isEqualTo("-ERR DUMP payload version or checksum are wrong");
			assertThat(c.call("FUNCTION", "STATS")).endsWith("$15:libraries_count,:1,$15:functions_count,:1]]]");
		}
	}

	@Test
	void scriptsShowInMonitorSlowlogInfoNotificationsAndTracking() {
		try (RespClient monitor = client(); RespClient c = client(); RespClient subscriber = client();
				RespClient tracker = client()) {
			assertThat(monitor.call("MONITOR")).isEqualTo("+OK");
			c.call("EVAL", "redis.call('set', KEYS[1], 'v') return redis.call('get', KEYS[1])", "1", "mk");
			assertThat(monitor.readReply()).matches("\\+\\d+\\.\\d{6} \\[0 127\\.0\\.0\\.1:\\d+\\] \"EVAL\" .* \"1\" \"mk\"");
			assertThat(monitor.readReply()).matches("\\+\\d+\\.\\d{6} \\[0 lua\\] \"set\" \"mk\" \"v\"");
			assertThat(monitor.readReply()).matches("\\+\\d+\\.\\d{6} \\[0 lua\\] \"get\" \"mk\"");

			c.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
			c.call("SLOWLOG", "RESET");
			c.call("EVAL", "return redis.call('incr', KEYS[1])", "1", "counter");
			String slowlog = c.call("SLOWLOG", "GET");
			assertThat(slowlog).contains("$4:EVAL").doesNotContain("$4:incr");
			c.call("CONFIG", "SET", "slowlog-log-slower-than", "10000");

			c.call("SCRIPT", "LOAD", "return 'cached'");
			c.call("FUNCTION", "LOAD", "#!lua name=infolib\nredis.register_function('infof', function() return 1 end)");
			String info = c.call("INFO", "memory");
			assertThat(info).contains("number_of_cached_scripts:", "number_of_functions:1", "number_of_libraries:1")
				.containsPattern("used_memory_scripts_eval:[1-9]").containsPattern("used_memory_vm_eval:[1-9]")
				.containsPattern("used_memory_functions:[1-9]");

			c.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
			subscriber.call("SUBSCRIBE", "__keyspace@0__:notified");
			tracker.call("HELLO", "3");
			tracker.call("CLIENT", "TRACKING", "ON");
			tracker.call("GET", "notified");
			c.call("EVAL", "redis.call('set', KEYS[1], '1') redis.call('expire', KEYS[1], 100)", "1", "notified");
			assertThat(subscriber.readReply()).isEqualTo("*3[$7:message,$23:__keyspace@0__:notified,$3:set]");
			assertThat(subscriber.readReply()).isEqualTo("*3[$7:message,$23:__keyspace@0__:notified,$6:expire]");
			assertThat(tracker.readReply()).isEqualTo(">2[$10:invalidate,*1[$8:notified]]");
			c.call("CONFIG", "SET", "notify-keyspace-events", "");
		}
	}

	@Test
	void aLibraryThatNeverFinishesLoadingTimesOut() {
		try (RespClient c = client()) {
			long start = System.nanoTime();
			assertThat(c.call("FUNCTION", "LOAD", "#!lua name=forever\nwhile true do end"))
				.isEqualTo("-ERR Error registering functions: ERR FUNCTION LOAD timeout");
			assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
			assertThat(c.call("FUNCTION", "LIST")).isEqualTo("*0[]");
			assertThat(c.call("PING")).isEqualTo("+PONG");
		}
	}

	@Test
	void scriptDebugHasNoDebuggerButAcceptsNo() {
		try (RespClient c = client()) {
			assertThat(c.call("SCRIPT", "DEBUG", "NO")).isEqualTo("+OK");
			assertThat(c.call("SCRIPT", "DEBUG", "YES")).startsWith("-ERR SCRIPT DEBUG YES|SYNC is not supported");
			assertThat(c.call("SCRIPT", "DEBUG", "MAYBE")).isEqualTo("-ERR Use SCRIPT DEBUG YES/SYNC/NO");
		}
	}

	private static List<byte[]> withPayload(byte[] payload, String... policy) {
		List<byte[]> args = RespClient.args("FUNCTION", "RESTORE");
		args.add(payload);
		args.addAll(RespClient.args(policy));
		return args;
	}

	/** Waits until another client's script has run past the busy threshold. */
	private static void awaitBusy(RespClient probe) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 5_000;
		while (System.currentTimeMillis() < deadline) {
			if (probe.call("PING").startsWith("-BUSY")) {
				return;
			}
			Thread.sleep(10);
		}
		throw new AssertionError("the script never became busy");
	}

}
