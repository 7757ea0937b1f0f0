package io.cachalot.server.script;

import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled libraries keep what they are given: cmsgpack, cjson and struct round trips of
 * generated values, run as Lua in a real sandbox.
 */
class LuaLibrariesPropertyTest {

	private static final Sandbox LUA = Sandbox.create(new ScriptHook(() -> null), new LuaTable());

	private static LuaValue run(String code, LuaValue... args) {
		return LUA.compile(code.getBytes(), "@test").invoke(LuaValue.varargsOf(args)).arg1();
	}

	private static LuaTable strings(List<String> values) {
		LuaTable t = new LuaTable();
		for (int i = 0; i < values.size(); i++) {
			t.rawset(i + 1, LuaValue.valueOf(values.get(i)));
		}
		return t;
	}

	@Property(tries = 200)
	void cmsgpackRoundTripsIntegersStringsAndNesting(@ForAll long n, @ForAll @Size(max = 20) List<@StringLength(max = 40) String> s) {
		double number = (double) n;
		LuaValue back = run("local n, s = ... local t = cmsgpack.unpack(cmsgpack.pack({n, s, {inner = s}}))"
				+ " return t[1] == n and #t[2] == #s and #t[3].inner == #s and table.concat(t[2], ',') == table.concat(s, ',')",
				LuaValue.valueOf(number), strings(s));
		assertThat(back.toboolean()).isTrue();
	}

	@Property(tries = 200)
	void cjsonRoundTripsArraysOfStringsAndNumbers(@ForAll @Size(min = 1, max = 20) List<@StringLength(max = 30) String> s,
			@ForAll @IntRange(min = -1_000_000, max = 1_000_000) int n) {
		LuaValue back = run("local s, n = ... local t = cjson.decode(cjson.encode({s, n, {k = s}}))"
				+ " return t[2] == n and table.concat(t[1], '\\1') == table.concat(s, '\\1') and #t[3].k == #s",
				strings(s), LuaValue.valueOf(n));
		assertThat(back.toboolean()).isTrue();
	}

	@Property(tries = 200)
	void structRoundTripsIntegersOfEverySize(@ForAll int i, @ForAll short h, @ForAll byte b,
			@ForAll @AlphaChars @NumericChars @Chars({ ' ', '\u00e9' }) @StringLength(max = 20) String text) {
		// 's' is a zero-terminated string: text without NUL round-trips
		LuaValue back = run("local i, h, b, s = ... for _, order in ipairs({'<', '>'}) do"
				+ " local f = order .. 'i4hbs' local x, y, z, w, next = struct.unpack(f, struct.pack(f, i, h, b, s))"
				+ " if x ~= i or y ~= h or z ~= b or w ~= s or next ~= struct.size(order .. 'i4hb') + #s + 2 then return false end"
				+ " end return true", LuaValue.valueOf(i), LuaValue.valueOf(h), LuaValue.valueOf(b), LuaValue.valueOf(text));
		assertThat(back.toboolean()).isTrue();
	}

	@Property(tries = 200)
	void bitOpsAreThirtyTwoBit(@ForAll int a, @ForAll int b, @ForAll @IntRange(min = 0, max = 31) int shift) {
		LuaValue r = run("local a, b, n = ... return {bit.band(a, b), bit.bor(a, b), bit.bxor(a, b), bit.lshift(a, n),"
				+ " bit.rshift(a, n), bit.arshift(a, n), bit.bnot(a)}",
				LuaValue.valueOf(a), LuaValue.valueOf(b), LuaValue.valueOf(shift));
		assertThat(r.get(1).toint()).isEqualTo(a & b);
		assertThat(r.get(2).toint()).isEqualTo(a | b);
		assertThat(r.get(3).toint()).isEqualTo(a ^ b);
		assertThat(r.get(4).toint()).isEqualTo(a << shift);
		assertThat(r.get(5).toint()).isEqualTo(a >>> shift);
		assertThat(r.get(6).toint()).isEqualTo(a >> shift);
		assertThat(r.get(7).toint()).isEqualTo(~a);
	}

}
