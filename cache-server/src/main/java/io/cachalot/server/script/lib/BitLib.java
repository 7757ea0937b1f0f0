package io.cachalot.server.script.lib;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code bit} library (LuaBitOp) Redis gives scripts: 32-bit operations on Lua numbers,
 * with results as signed 32-bit integers.
 */
public final class BitLib {

	private BitLib() {
	}

	/** {@code bit.tobit}: the number rounded and wrapped to a signed 32-bit integer. */
	static int tobit(LuaValue v) {
		double d = v.checkdouble();
		return (int) (long) Math.rint(d);
	}

	private interface Op {

		int apply(Varargs args);

	}

	public static LuaTable create() {
		LuaTable bit = new LuaTable();
		bit.rawset("tobit", fn(a -> tobit(a.arg1())));
		bit.rawset("bnot", fn(a -> ~tobit(a.arg1())));
		bit.rawset("band", fn(a -> fold(a, (x, y) -> x & y)));
		bit.rawset("bor", fn(a -> fold(a, (x, y) -> x | y)));
		bit.rawset("bxor", fn(a -> fold(a, (x, y) -> x ^ y)));
		bit.rawset("lshift", fn(a -> tobit(a.arg1()) << (tobit(a.arg(2)) & 31)));
		bit.rawset("rshift", fn(a -> tobit(a.arg1()) >>> (tobit(a.arg(2)) & 31)));
		bit.rawset("arshift", fn(a -> tobit(a.arg1()) >> (tobit(a.arg(2)) & 31)));
		bit.rawset("rol", fn(a -> Integer.rotateLeft(tobit(a.arg1()), tobit(a.arg(2)) & 31)));
		bit.rawset("ror", fn(a -> Integer.rotateRight(tobit(a.arg1()), tobit(a.arg(2)) & 31)));
		bit.rawset("bswap", fn(a -> Integer.reverseBytes(tobit(a.arg1()))));
		bit.rawset("tohex", new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				int x = tobit(args.arg1());
				int n = args.isnoneornil(2) ? 8 : tobit(args.arg(2));
				boolean upper = n < 0;
				n = Math.min(Math.abs(n), 8);
				String hex = String.format("%08x", x);
				hex = hex.substring(8 - n);
				return LuaValue.valueOf(upper ? hex.toUpperCase() : hex);
			}
		});
		return bit;
	}

	private static int fold(Varargs args, java.util.function.IntBinaryOperator op) {
		int r = tobit(args.arg1());
		for (int i = 2; i <= args.narg(); i++) {
			r = op.applyAsInt(r, tobit(args.arg(i)));
		}
		return r;
	}

	private static VarArgFunction fn(Op op) {
		return new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				return LuaValue.valueOf(op.apply(args));
			}
		};
	}

}
