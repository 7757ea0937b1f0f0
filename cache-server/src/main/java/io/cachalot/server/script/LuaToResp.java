package io.cachalot.server.script;

import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.script.lib.LuaLibs;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Writes what a script returns as the reply, by Redis 7.0's rules: a string is a bulk string,
 * a number an integer (truncated), a table with an {@code err} / {@code ok} field an error /
 * status reply, {@code {double=}}, {@code {big_number=}}, {@code {map=}}, {@code {set=}} and
 * {@code {verbatim_string=}} their RESP3 types (the reply downgrades them for RESP2 clients),
 * any other table an array up to its first nil, and nil a null. Booleans follow the
 * script's own protocol ({@code redis.setresp}): under 2, true is 1 and false a null; under 3
 * they are RESP3 booleans. Only raw table access is used, so no script code runs here.
 */
final class LuaToResp {

	private static final int MAX_DEPTH = 1000;

	private LuaToResp() {
	}

	static void write(LuaValue value, int scriptProtocol, Reply out) {
		write(value, scriptProtocol, out, 0);
	}

	private static void write(LuaValue value, int resp, Reply out, int depth) {
		if (depth > MAX_DEPTH) {
			out.error("ERR reached lua stack limit");
			return;
		}
		switch (value.type()) {
			case LuaValue.TSTRING -> out.bulk(LuaLibs.bytes(value.checkstring()));
			case LuaValue.TNUMBER -> out.integer((long) value.todouble());
			case LuaValue.TBOOLEAN -> {
				if (resp == 3) {
					out.bool(value.toboolean());
				}
				else if (value.toboolean()) {
					out.integer(1);
				}
				else {
					out.nullBulk();
				}
			}
			case LuaValue.TTABLE -> writeTable((LuaTable) value, resp, out, depth);
			default -> out.nullBulk();
		}
	}

	private static void writeTable(LuaTable t, int resp, Reply out, int depth) {
		LuaValue err = t.rawget("err");
		if (err.isstring()) {
			out.error(oneLine(err.tojstring()));
			return;
		}
		LuaValue ok = t.rawget("ok");
		if (ok.isstring()) {
			out.simple(oneLine(ok.tojstring()));
			return;
		}
		LuaValue dbl = t.rawget("double");
		if (dbl.type() == LuaValue.TNUMBER) {
			out.doubleValue(dbl.todouble());
			return;
		}
		LuaValue big = t.rawget("big_number");
		if (big.isstring()) {
			out.bigNumber(oneLine(big.tojstring()));
			return;
		}
		LuaValue map = t.rawget("map");
		if (map.istable()) {
			List<LuaValue> entries = entries((LuaTable) map);
			out.map(entries.size() / 2);
			for (LuaValue v : entries) {
				write(v, resp, out, depth + 1);
			}
			return;
		}
		LuaValue set = t.rawget("set");
		if (set.istable()) {
			List<LuaValue> entries = entries((LuaTable) set);
			out.set(entries.size() / 2);
			for (int i = 0; i < entries.size(); i += 2) {
				write(entries.get(i), resp, out, depth + 1);
			}
			return;
		}
		LuaValue verbatim = t.rawget("verbatim_string");
		if (verbatim.istable()) {
			LuaValue text = verbatim.rawget("string");
			if (text.isstring()) {
				out.verbatim(text.tojstring());
				return;
			}
		}
		int n = 0;
		while (!t.rawget(n + 1).isnil()) {
			n++;
		}
		out.array(n);
		for (int i = 1; i <= n; i++) {
			write(t.rawget(i), resp, out, depth + 1);
		}
	}

	/** Keys and values of a table, alternating. */
	private static List<LuaValue> entries(LuaTable t) {
		List<LuaValue> all = new ArrayList<>();
		LuaValue k = LuaValue.NIL;
		while (true) {
			Varargs next = t.next(k);
			if ((k = next.arg1()).isnil()) {
				return all;
			}
			all.add(k);
			all.add(next.arg(2));
		}
	}

	/** Status and error replies are one line: Redis turns CR and LF into spaces. */
	private static String oneLine(String text) {
		return text.indexOf('\r') < 0 && text.indexOf('\n') < 0 ? text : text.replace('\r', ' ').replace('\n', ' ');
	}

}
