package io.cachalot.server.it;

import java.util.List;

import io.cachalot.server.it.MultiClientScript.Call;
import io.cachalot.server.it.MultiClientScript.Send;
import io.cachalot.server.it.MultiClientScript.Skip;
import io.cachalot.server.it.MultiClientScript.Step;
import org.junit.jupiter.api.Test;

/**
 * EVAL / EVALSHA / SCRIPT and the Lua environment against the real Redis: the Lua ↔ RESP
 * conversion rules both ways under RESP2 and RESP3 (and {@code redis.setresp}), error replies
 * and their "script: sha, on @user_script:N." suffix, the script rules for commands called
 * from Lua, the sandbox, Lua 5.1 names, and the bundled cjson, cmsgpack, struct and bit
 * libraries. Database 13, key prefix; never a script that could make the shared server busy.
 */
class ScriptingDifferentialTest extends EmbeddedServerTest {

	private static final String DB = "13";

	private static final String P = "cachalot-sdiff:";

	@Test
	void luaValuesConvertToRepliesLikeRedis() {
		compare(List.of(
				eval("return {err='boom'}"),
				eval("return redis.error_reply('My Error')"),
				eval("return redis.error_reply('x')"),
				eval("return redis.status_reply('OK2')"),
				eval("return {ok='fine'}"),
				eval("return {1,2,nil,3}"),
				eval("return {1,'a',{ok='x'},{err='e'},true,false,3.5,{}}"),
				eval("return 3.99"),
				eval("return -3.99"),
				eval("return true"),
				eval("return false"),
				eval("return nil"),
				eval("return {double=3.5}"),
				eval("return {map={a=1}}"),
				eval("return {set={a=true}}"),
				eval("return {big_number='123'}"),
				eval("return 'line1\\nline2'"),
				eval("return {ok='a\\r\\nb'}"),
				new Send(0, "HELLO", "3"),
				new Skip(0),
				eval("return {1,'a',{ok='x'},{err='e'},true,false,3.5}"),
				eval("return {double=3.5}"),
				eval("return {map={a=1}}"),
				eval("return {set={a=true}}"),
				eval("return {big_number='123'}"),
				eval("return {verbatim_string={format='txt',string='hi'}}"),
				eval("return nil"),
				eval("redis.setresp(3); return true"),
				eval("redis.setresp(3); return false")));
	}

	@Test
	void repliesConvertToLuaLikeRedis() {
		compare(List.of(
				new Call(0, "RPUSH", P + "list", "a", "b"),
				new Call(0, "HSET", P + "hash", "f", "v"),
				new Call(0, "ZADD", P + "zset", "1.5", "m"),
				eval("return redis.call('lrange', KEYS[1], 0, -1)", P + "list"),
				eval("return redis.call('get', KEYS[1]) == false", P + "nokey"),
				eval("return type(redis.call('set', KEYS[1], 'v'))", P + "str"),
				eval("return redis.call('set', KEYS[1], 'v')['ok']", P + "str"),
				eval("return redis.pcall('incr', KEYS[1])['err']", P + "list"),
				eval("return redis.call('hgetall', KEYS[1])", P + "hash"),
				eval("return redis.call('zscore', KEYS[1], 'm')", P + "zset"),
				eval("return redis.call('exists', KEYS[1]) + 1", P + "list"),
				eval("return redis.call('ping')"),
				eval("redis.setresp(3); local r = redis.call('hgetall', KEYS[1]); return r.map.f", P + "hash"),
				eval("redis.setresp(3); return redis.call('zscore', KEYS[1], 'm').double * 2", P + "zset"),
				eval("redis.setresp(3); return redis.call('get', KEYS[1]) == nil", P + "nokey"),
				eval("redis.setresp(3); return redis.call('hgetall', KEYS[1])", P + "nokey"),
				eval("redis.call('set', KEYS[1], 0.1); return redis.call('get', KEYS[1])", P + "num"),
				eval("redis.call('set', KEYS[1], 1e100); return redis.call('get', KEYS[1])", P + "num"),
				eval("redis.call('set', KEYS[1], 1/3); return redis.call('get', KEYS[1])", P + "num"),
				eval("redis.call('set', KEYS[1], 42); return redis.call('get', KEYS[1])", P + "num"),
				eval("return {KEYS[1], KEYS[2], ARGV[1], ARGV[2], #KEYS, #ARGV}", P + "k1", P + "k2"),
				new Call(0, "EVAL", "return {#KEYS, ARGV[1], ARGV[3]}", "0", "a", "b", "c"),
				eval("redis.call('select', '14'); return redis.call('set', KEYS[1], 'in14')", P + "db"),
				new Call(0, "EXISTS", P + "db"),
				new Call(0, "SELECT", "14"),
				new Call(0, "GETDEL", P + "db"),
				new Call(0, "SELECT", DB)));
	}

	@Test
	void errorsAndScriptRulesLikeRedis() {
		compare(List.of(
				new Call(0, "SET", P + "s", "abc"),
				eval("error('boom')"),
				eval("error({err='MYCODE boom'})"),
				eval("local a = 1\nlocal b = 2\nreturn redis.call('incr', KEYS[1])", P + "s"),
				eval("return redis.pcall('incr', KEYS[1])", P + "s"),
				eval("return redis.call('nosuch')"),
				eval("return redis.pcall('nosuch')"),
				eval("return redis.call('get')"),
				eval("return redis.call('subscribe', 'x')"),
				eval("return redis.call('multi')"),
				eval("return redis.call()"),
				eval("return redis.call(1)"),
				eval("return redis.call('set', KEYS[1], true)", P + "x"),
				eval("return redis.call('set', KEYS[1], {})", P + "x"),
				eval("return redis.setresp(4)"),
				eval("return 'x' .."),
				eval("return a"),
				eval("a = 1"),
				eval("return nosuch()"),
				eval("string.upper = nil"),
				eval("return redis.sha1hex('abc')"),
				eval("return redis.log(redis.LOG_WARNING, 'from a test')"),
				new Call(0, "EVAL_RO", "return redis.call('set', KEYS[1], '1')", "1", P + "x"),
				new Call(0, "EVAL_RO", "return redis.call('get', KEYS[1])", "1", P + "s"),
				new Call(0, "EVAL", "#!lua flags=no-writes\nreturn redis.call('set', KEYS[1], '1')", "1", P + "x"),
				new Call(0, "EVAL", "#!lua flags=bogus\nreturn 1", "0"),
				new Call(0, "EVAL", "#!lua\nreturn 1", "0"),
				new Call(0, "EVAL", "#!lua\nreturn nosuch", "0"),
				new Call(0, "EVAL", "#!js\nreturn 1", "0"),
				new Call(0, "EVAL_RO", "#!lua\nreturn 1", "0"),
				new Call(0, "EVAL_RO", "#!lua flags=no-writes\nreturn 1", "0"),
				new Call(0, "EVAL", "return 1", "-1"),
				new Call(0, "EVAL", "return 1", "2", "a"),
				new Call(0, "EVAL", "return 1", "abc"),
				new Call(0, "EVAL", "return 1"),
				new Call(0, "EVALSHA", "0000000000000000000000000000000000000000", "0"),
				new Call(0, "EVALSHA", "short", "0"),
				new Call(0, "SCRIPT", "KILL"),
				new Call(0, "FUNCTION", "KILL"),
				new Call(0, "SCRIPT", "FLUSH", "BAD"),
				new Call(0, "SCRIPT", "NOSUCH"),
				new Call(0, "SCRIPT", "HELP")));
	}

	@Test
	void scriptCacheLikeRedis() {
		compare(List.of(
				new Call(0, "SCRIPT", "LOAD", "return 'loaded from a test'"),
				new Call(0, "EVALSHA", "2b9b5bd3b1dcf9d1b9e2e3b6c3e9f2f0a7a1f1c2", "0"),
				new Call(0, "SCRIPT", "LOAD", "return redis.call('get', KEYS[1])"),
				new Call(0, "EVALSHA_RO", "4e6d8fc8bb01276962cce5371fa795a7763657ae", "1", P + "x"),
				new Call(0, "SCRIPT", "LOAD", "return redis.call('set', KEYS[1], 'y')"),
				new Call(0, "EVALSHA_RO", "0f0cd1f123974e57d02325558022f7c59be8792c", "1", P + "x"),
				new Call(0, "EVALSHA", "0F0CD1F123974E57D02325558022F7C59BE8792C", "1", P + "x"),
				new Call(0, "SCRIPT", "EXISTS", "4e6d8fc8bb01276962cce5371fa795a7763657ae", "ffffffffffffffffffffffffffffffffffffffff"),
				new Call(0, "SCRIPT", "LOAD", "return 'x' .."),
				new Call(0, "EVAL", "return redis.sha1hex('return \\'loaded from a test\\'')", "0")));
	}

	@Test
	void sandboxAndLua51EnvironmentLikeRedis() {
		compare(List.of(
				eval("local t={} for k,v in pairs(_G) do t[#t+1]=k end table.sort(t) return t"),
				eval("local t={} for k,v in pairs(redis) do t[#t+1]=k end table.sort(t) return t"),
				eval("local t={} for k,v in pairs(string) do t[#t+1]=k end table.sort(t) return t"),
				eval("local t={} for k,v in pairs(table) do t[#t+1]=k end table.sort(t) return t"),
				eval("local t={} for k,v in pairs(math) do t[#t+1]=k end table.sort(t) return t"),
				eval("local t={} for k,v in pairs(bit) do t[#t+1]=k end table.sort(t) return t"),
				eval("local t={} for k,v in pairs(struct) do t[#t+1]=k end table.sort(t) return t"),
				eval("local t={} for k,v in pairs(cmsgpack) do t[#t+1]=k end table.sort(t) return t"),
				eval("local t={} for k,v in pairs(cjson) do t[#t+1]=k end table.sort(t) return t"),
				eval("return type(os)"),
				eval("return type(io)"),
				eval("return loadfile('/etc/passwd')"),
				eval("return dofile('/etc/passwd')"),
				eval("return require('os')"),
				eval("return print('x')"),
				eval("redis = nil"),
				eval("cjson.encode = nil"),
				eval("rawset(_G, 'x', 1)"),
				eval("setmetatable(_G, {})"),
				eval("return {_VERSION, redis.REDIS_VERSION_NUM > 0}"),
				eval("return {table.getn({1,2,3}), unpack({4,5})}"),
				eval("return loadstring('return 5')()"),
				eval("return math.mod(7, 3) + math.log10(100)"),
				eval("return {string.format('%5.2f|%-5d|%05d|%x|%X|%o|%e|%g|%g|%s|%q|%c|%+d|%.3s', 3.14159, 42, 42, 255, 255, 8,"
						+ " 12345.678, 0.0001, 1e20, 'str', 'a\"b', 65, 5, 'abcdef')}"),
				eval("return string.format('%10.4g|%d', 3.14159, 3.7)"),
				eval("return tostring(12) .. tostring(1.5)")));
	}

	@Test
	void bundledLibrariesLikeRedis() {
		compare(List.of(
				eval("return cjson.encode({1,2,3,'a',{x=1}})"),
				eval("return cjson.encode({})"),
				eval("return cjson.encode({a='b/c', n=1.5, t=true})"),
				eval("return cjson.encode({0.1, 1e100, 12345678901234567, -0.5})"),
				eval("return cjson.encode({[1]=1,[3]=3})"),
				eval("return cjson.encode({[1]=1,[30]=3})"),
				eval("return cjson.encode(cjson.null)"),
				eval("return cjson.encode(0/0)"),
				eval("return cjson.encode(function() end)"),
				eval("return cjson.encode('tab\\tquote\"back\\\\')"),
				eval("local t = cjson.decode('{\"a\":[1,2,{\"b\":null}],\"c\":\"\\\\u00e9x\"}')"
						+ " return {t.a[1], t.a[2], t.a[3].b == cjson.null and 1 or 0, t.c}"),
				eval("return cjson.decode('[1,2')"),
				eval("return cjson.decode('{\"a\" 1}')"),
				eval("return cjson.decode('x')"),
				eval("return cjson.decode('\"abc')"),
				eval("return cjson.decode('3.5e2')"),
				eval("return cjson.decode('[1,2] x')"),
				eval("return {cjson.encode_sparse_array()}"),
				eval("return cmsgpack.pack(1, -1, 200, -200, 70000, -70000, 5000000000, 1.5, 0.1, 'abc', true, false)"),
				eval("return cmsgpack.pack({1,2,3}, {a=1}, {})"),
				eval("return cmsgpack.pack(string.rep('x', 40), string.rep('y', 300))"),
				eval("return {cmsgpack.unpack(cmsgpack.pack(1, 'two', {3, 4}, -5, 1.5))}"),
				eval("local t = cmsgpack.unpack(cmsgpack.pack({a=1,b={c=2}})) return t.b.c"),
				eval("return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3))}"),
				eval("return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 2)}"),
				eval("return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2)}"),
				eval("return cmsgpack.pack()"),
				eval("return struct.pack('>I2', 258)"),
				eval("return {struct.unpack('<i4h', struct.pack('<i4h', -2, 5))}"),
				eval("return struct.pack('bBhHlLi8', -1, 255, -2, 65535, -3, 4, 5)"),
				eval("return {struct.size('!4bi'), struct.pack('!4bi', 1, 2)}"),
				eval("return {struct.unpack('s', 'ab' .. string.char(0) .. 'cd')}"),
				eval("return {struct.pack('c3', 'abcdef'), struct.unpack('bc0', struct.pack('bc3', 3, 'xyz'))}"),
				eval("return {struct.pack('d', 1.5), tostring(struct.unpack('f', struct.pack('f', 0.5)))}"),
				eval("return struct.pack('q', 1)"),
				eval("return struct.size('s')"),
				eval("return {bit.tohex(255), bit.tohex(-1, -4), bit.bnot(0), bit.bor(1,2,4), bit.bxor(5,3),"
						+ " bit.rshift(-1, 28), bit.arshift(-16, 2), bit.rol(1, 33), bit.bswap(0x12345678), bit.tobit(2^32 + 5),"
						+ " bit.band(0xff, 0x0f) + bit.lshift(1, 4)}")));
	}

	/** EVAL of {@code body} with the given keys. */
	private static Step eval(String body, String... keys) {
		String[] command = new String[3 + keys.length];
		command[0] = "EVAL";
		command[1] = body;
		command[2] = Integer.toString(keys.length);
		System.arraycopy(keys, 0, command, 3, keys.length);
		return new Call(0, command);
	}

	private void compare(List<Step> script) {
		MultiClientScript.assertSameAsRedis(this::client, 1, List.<String[]>of(new String[] { "SELECT", DB }), script,
				this::cleanUpBoth);
	}

	private void cleanUpBoth() {
		try (RespClient reference = ReferenceRedis.connect(); RespClient cachalot = client()) {
			for (RespClient c : List.of(reference, cachalot)) {
				c.call("SELECT", DB);
				c.call("DEL", P + "list", P + "hash", P + "zset", P + "str", P + "num", P + "s", P + "x", P + "db");
				c.call("SELECT", "14");
				c.call("DEL", P + "db");
			}
		}
	}

}
