package io.cachalot.server.script.lib;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The {@code cmsgpack} library (lua-cmsgpack 0.4 as bundled with Redis): {@code pack} of any
 * number of values, {@code unpack}, {@code unpack_one} and {@code unpack_limit}. Its rules: a
 * number with an integer value packs as the smallest integer type, others as float32 when
 * exact, else float64; a table whose keys are exactly 1..n packs as an array (an empty table
 * as an empty array), any other as a map; nesting deeper than 16 packs as nil; binary strings
 * unpack as strings.
 */
public final class CmsgpackLib {

	private static final int MAX_NESTING = 16;

	private static final String MISSING = "Missing bytes in input.";

	private static final String BAD = "Bad data format in input.";

	private CmsgpackLib() {
	}

	public static LuaTable create() {
		LuaTable t = new LuaTable();
		t.rawset("pack", LuaLibs.function(CmsgpackLib::pack));
		t.rawset("unpack", LuaLibs.function(a -> unpack(LuaLibs.bytes(a.checkstring(1)), 0, 0, false)));
		t.rawset("unpack_one", LuaLibs.function(a -> unpack(LuaLibs.bytes(a.checkstring(1)), 1, a.optint(2, 0), true)));
		t.rawset("unpack_limit", LuaLibs.function(
				a -> unpack(LuaLibs.bytes(a.checkstring(1)), a.checkint(2), a.optint(3, 0), true)));
		t.rawset("_NAME", "cmsgpack");
		t.rawset("_VERSION", "lua-cmsgpack 0.4.0");
		t.rawset("_COPYRIGHT", "Copyright (C) 2012, Salvatore Sanfilippo");
		t.rawset("_DESCRIPTION", "MessagePack C implementation for Lua");
		return t;
	}

	// ---- pack ---------------------------------------------------------------------------

	private static Varargs pack(Varargs args) {
		if (args.narg() == 0) {
			throw new LuaError("bad argument #0 to 'pack' (MessagePack pack needs input.)");
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int i = 1; i <= args.narg(); i++) {
			encode(args.arg(i), out, 0);
		}
		return LuaValue.valueOf(out.toByteArray());
	}

	private static void encode(LuaValue v, ByteArrayOutputStream out, int level) {
		switch (v.type()) {
			case LuaValue.TBOOLEAN -> out.write(v.toboolean() ? 0xc3 : 0xc2);
			case LuaValue.TNUMBER -> encodeNumber(v.todouble(), out);
			case LuaValue.TSTRING -> encodeBytes(v.checkstring(), out);
			case LuaValue.TTABLE -> {
				if (level == MAX_NESTING) {
					out.write(0xc0);
				}
				else {
					encodeTable((LuaTable) v, out, level);
				}
			}
			default -> out.write(0xc0);
		}
	}

	private static void encodeNumber(double d, ByteArrayOutputStream out) {
		if (!Double.isInfinite(d) && (double) (long) d == d) {
			encodeInteger((long) d, out);
		}
		else if ((double) (float) d == d) {
			out.write(0xca);
			writeBig(out, Float.floatToRawIntBits((float) d) & 0xffffffffL, 4);
		}
		else {
			out.write(0xcb);
			writeBig(out, Double.doubleToRawLongBits(d), 8);
		}
	}

	private static void encodeInteger(long n, ByteArrayOutputStream out) {
		if (n >= 0) {
			if (n <= 127) {
				out.write((int) n);
			}
			else if (n <= 0xff) {
				out.write(0xcc);
				writeBig(out, n, 1);
			}
			else if (n <= 0xffff) {
				out.write(0xcd);
				writeBig(out, n, 2);
			}
			else if (n <= 0xffffffffL) {
				out.write(0xce);
				writeBig(out, n, 4);
			}
			else {
				out.write(0xcf);
				writeBig(out, n, 8);
			}
		}
		else if (n >= -32) {
			out.write((int) (n & 0xff));
		}
		else if (n >= -128) {
			out.write(0xd0);
			writeBig(out, n, 1);
		}
		else if (n >= -32768) {
			out.write(0xd1);
			writeBig(out, n, 2);
		}
		else if (n >= -2147483648L) {
			out.write(0xd2);
			writeBig(out, n, 4);
		}
		else {
			out.write(0xd3);
			writeBig(out, n, 8);
		}
	}

	private static void encodeBytes(LuaString s, ByteArrayOutputStream out) {
		int len = s.length();
		if (len < 32) {
			out.write(0xa0 | len);
		}
		else if (len <= 0xff) {
			out.write(0xd9);
			writeBig(out, len, 1);
		}
		else if (len <= 0xffff) {
			out.write(0xda);
			writeBig(out, len, 2);
		}
		else {
			out.write(0xdb);
			writeBig(out, len, 4);
		}
		out.write(s.m_bytes, s.m_offset, len);
	}

	private static void encodeTable(LuaTable t, ByteArrayOutputStream out, int level) {
		int count = 0;
		double max = 0;
		boolean array = true;
		LuaValue k = LuaValue.NIL;
		while (true) {
			Varargs next = t.next(k);
			if ((k = next.arg1()).isnil()) {
				break;
			}
			count++;
			if (k.type() == LuaValue.TNUMBER && k.todouble() > 0 && k.todouble() == Math.floor(k.todouble())) {
				max = Math.max(max, k.todouble());
			}
			else {
				array = false;
			}
		}
		if (array && max == count) {
			header(out, count, 0x90, 0xdc, 0xdd, 15);
			for (int i = 1; i <= count; i++) {
				encode(t.rawget(i), out, level + 1);
			}
			return;
		}
		header(out, count, 0x80, 0xde, 0xdf, 15);
		k = LuaValue.NIL;
		while (true) {
			Varargs next = t.next(k);
			if ((k = next.arg1()).isnil()) {
				break;
			}
			encode(k, out, level + 1);
			encode(next.arg(2), out, level + 1);
		}
	}

	private static void header(ByteArrayOutputStream out, int n, int fix, int of16, int of32, int fixMax) {
		if (n <= fixMax) {
			out.write(fix | n);
		}
		else if (n <= 0xffff) {
			out.write(of16);
			writeBig(out, n, 2);
		}
		else {
			out.write(of32);
			writeBig(out, n, 4);
		}
	}

	private static void writeBig(ByteArrayOutputStream out, long v, int bytes) {
		for (int i = bytes - 1; i >= 0; i--) {
			out.write((int) (v >>> (8 * i)));
		}
	}

	// ---- unpack -------------------------------------------------------------------------

	/**
	 * Decodes up to {@code limit} values (0: all) from {@code offset}; with {@code withOffset}
	 * the first result is the offset after them, or -1 at the end of the input.
	 */
	private static Varargs unpack(byte[] in, int limit, int offset, boolean withOffset) {
		if (offset < 0 || limit < 0) {
			throw new LuaError("Invalid request to unpack with offset of " + offset + " and limit of " + limit + ".");
		}
		if (offset > in.length) {
			throw new LuaError("Start offset " + offset + " greater than input length " + in.length + ".");
		}
		Reader r = new Reader(in, offset);
		List<LuaValue> values = new ArrayList<>();
		while (r.pos < in.length && (limit == 0 || values.size() < limit)) {
			values.add(r.value());
		}
		if (withOffset) {
			values.add(0, LuaValue.valueOf(r.pos >= in.length ? -1 : r.pos));
		}
		return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
	}

	/** A MessagePack decoder over one input. */
	private static final class Reader {

		private final byte[] in;

		int pos;

		Reader(byte[] in, int pos) {
			this.in = in;
			this.pos = pos;
		}

		LuaValue value() {
			int b = (int) u(1);
			if (b <= 0x7f) {
				return LuaValue.valueOf(b);
			}
			if (b >= 0xe0) {
				return LuaValue.valueOf(b - 256);
			}
			if ((b & 0xe0) == 0xa0) {
				return bytes(b & 0x1f);
			}
			if ((b & 0xf0) == 0x90) {
				return array(b & 0x0f);
			}
			if ((b & 0xf0) == 0x80) {
				return map(b & 0x0f);
			}
			return switch (b) {
				case 0xc0 -> LuaValue.NIL;
				case 0xc2 -> LuaValue.FALSE;
				case 0xc3 -> LuaValue.TRUE;
				case 0xc4, 0xd9 -> bytes((int) u(1));
				case 0xc5, 0xda -> bytes((int) u(2));
				case 0xc6, 0xdb -> bytes(length(u(4)));
				case 0xca -> LuaValue.valueOf(Float.intBitsToFloat((int) u(4)));
				case 0xcb -> LuaValue.valueOf(Double.longBitsToDouble(u(8)));
				case 0xcc -> LuaValue.valueOf(u(1));
				case 0xcd -> LuaValue.valueOf(u(2));
				case 0xce -> LuaValue.valueOf((double) u(4));
				case 0xcf -> {
					long v = u(8);
					yield LuaValue.valueOf(v >= 0 ? v : (double) (v >>> 1) * 2 + (v & 1));
				}
				case 0xd0 -> LuaValue.valueOf((byte) u(1));
				case 0xd1 -> LuaValue.valueOf((short) u(2));
				case 0xd2 -> LuaValue.valueOf((int) u(4));
				case 0xd3 -> LuaValue.valueOf((double) u(8));
				case 0xdc -> array((int) u(2));
				case 0xdd -> array(length(u(4)));
				case 0xde -> map((int) u(2));
				case 0xdf -> map(length(u(4)));
				default -> throw new LuaError(BAD);
			};
		}

		private static int length(long n) {
			if (n > Integer.MAX_VALUE) {
				throw new LuaError(MISSING);
			}
			return (int) n;
		}

		private long u(int bytes) {
			if (this.pos + bytes > this.in.length) {
				throw new LuaError(MISSING);
			}
			long v = 0;
			for (int i = 0; i < bytes; i++) {
				v = (v << 8) | (this.in[this.pos++] & 0xff);
			}
			return v;
		}

		private LuaValue bytes(int n) {
			if (n > this.in.length - this.pos) {
				throw new LuaError(MISSING);
			}
			LuaValue s = LuaValue.valueOf(java.util.Arrays.copyOfRange(this.in, this.pos, this.pos + n));
			this.pos += n;
			return s;
		}

		private LuaTable array(int n) {
			LuaTable t = new LuaTable();
			for (int i = 1; i <= n; i++) {
				t.rawset(i, value());
			}
			return t;
		}

		private LuaTable map(int n) {
			LuaTable t = new LuaTable();
			for (int i = 0; i < n; i++) {
				LuaValue k = value();
				LuaValue v = value();
				if (!k.isnil()) {
					t.rawset(k, v);
				}
			}
			return t;
		}

	}

}
