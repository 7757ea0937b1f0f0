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
 * The {@code struct} library (Roberto Ierusalimschy's, as bundled with Redis): binary
 * {@code pack}, {@code unpack} and {@code size} with the formats {@code > < = !n} (byte order,
 * alignment), {@code x b B h H l L T i[n] I[n] f d c[n] s}, on a 64-bit little-endian layout
 * (long and size_t are 8 bytes, int 4).
 */
public final class StructLib {

	private static final int MAX_ALIGN = 8;

	private static final int MAX_INT_SIZE = 32;

	private StructLib() {
	}

	public static LuaTable create() {
		LuaTable t = new LuaTable();
		t.rawset("pack", LuaLibs.function(StructLib::pack));
		t.rawset("unpack", LuaLibs.function(StructLib::unpack));
		t.rawset("size", LuaLibs.function(StructLib::size));
		return t;
	}

	/** The parsing state of a format: position, byte order and maximum alignment. */
	private static final class Format {

		final LuaString text;

		final String function;

		int pos;

		boolean little = true;

		int align = 1;

		Format(LuaString text, String function) {
			this.text = text;
			this.function = function;
		}

		boolean more() {
			return this.pos < this.text.length();
		}

		int next() {
			return this.text.luaByte(this.pos++);
		}

		int number(int defaultValue) {
			if (!more() || !Character.isDigit(this.text.luaByte(this.pos))) {
				return defaultValue;
			}
			long n = 0;
			while (more() && Character.isDigit(this.text.luaByte(this.pos))) {
				n = n * 10 + (this.text.luaByte(this.pos++) - '0');
				if (n > Integer.MAX_VALUE / 10) {
					throw new LuaError("integral size overflow");
				}
			}
			return (int) n;
		}

		/** The size of option {@code opt} (reading its number), 0 for options without one. */
		int size(int opt) {
			return switch (opt) {
				case 'b', 'B', 'x' -> 1;
				case 'h', 'H' -> 2;
				case 'l', 'L', 'T', 'd' -> 8;
				case 'f' -> 4;
				case 'c' -> number(1);
				case 'i', 'I' -> {
					int size = number(4);
					if (size > MAX_INT_SIZE) {
						throw new LuaError("integral size " + size + " is larger than limit of " + MAX_INT_SIZE);
					}
					yield size;
				}
				default -> 0;
			};
		}

		int padding(long length, int opt, int size) {
			if (size == 0 || opt == 'c') {
				return 0;
			}
			int a = Math.min(size, this.align);
			return (int) ((a - (length & (a - 1))) & (a - 1));
		}

		void control(int opt) {
			switch (opt) {
				case ' ' -> {
				}
				case '>' -> this.little = false;
				case '<', '=' -> this.little = true;
				case '!' -> {
					int a = number(MAX_ALIGN);
					if (Integer.bitCount(a) != 1) {
						throw new LuaError("alignment " + a + " is not a power of 2");
					}
					this.align = a;
				}
				default -> throw new LuaError("bad argument #1 to '" + this.function + "' (invalid format option '" + (char) opt + "')");
			}
		}

	}

	private static Varargs pack(Varargs args) {
		Format f = new Format(args.checkstring(1), "pack");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int arg = 2;
		long total = 0;
		while (f.more()) {
			int opt = f.next();
			int size = f.size(opt);
			int pad = f.padding(total, opt, size);
			total += pad;
			for (int i = 0; i < pad; i++) {
				out.write(0);
			}
			switch (opt) {
				case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
					double d = args.checkdouble(arg++);
					long v = (opt == 'B' || opt == 'H' || opt == 'L' || opt == 'T' || opt == 'I') && d >= 9.223372036854776E18
							? (long) (d - 9.223372036854776E18) + Long.MIN_VALUE : (long) d;
					writeInteger(out, v, size, f.little);
				}
				case 'x' -> out.write(0);
				case 'f' -> writeInteger(out, Float.floatToRawIntBits((float) args.checkdouble(arg++)) & 0xffffffffL, 4,
						f.little);
				case 'd' -> writeInteger(out, Double.doubleToRawLongBits(args.checkdouble(arg++)), 8, f.little);
				case 'c', 's' -> {
					LuaString s = args.checkstring(arg);
					if (size == 0) {
						size = s.length();
					}
					if (s.length() < size) {
						throw new LuaError("bad argument #" + arg + " to 'pack' (string too short)");
					}
					arg++;
					out.write(s.m_bytes, s.m_offset, size);
					if (opt == 's') {
						out.write(0);
						size++;
					}
				}
				default -> f.control(opt);
			}
			total += size;
		}
		return LuaValue.valueOf(out.toByteArray());
	}

	private static void writeInteger(ByteArrayOutputStream out, long v, int size, boolean little) {
		byte[] b = new byte[size];
		for (int i = 0; i < size; i++) {
			long shifted = (i < 8) ? v >> (8 * i) : (v < 0 ? -1 : 0);
			b[little ? i : size - 1 - i] = (byte) shifted;
		}
		out.writeBytes(b);
	}

	private static Varargs unpack(Varargs args) {
		Format f = new Format(args.checkstring(1), "unpack");
		LuaString data = args.checkstring(2);
		int length = data.length();
		long pos = args.optlong(3, 1) - 1;
		if (pos < 0 || pos > length) {
			throw new LuaError("bad argument #3 to 'unpack' (offset must be 1 or greater)");
		}
		List<LuaValue> results = new ArrayList<>();
		while (f.more()) {
			int opt = f.next();
			int size = f.size(opt);
			pos += f.padding(pos, opt, size);
			if (size > length - pos) {
				throw new LuaError("bad argument #2 to 'unpack' (data string too short)");
			}
			int at = data.m_offset + (int) pos;
			switch (opt) {
				case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
					boolean signed = Character.isLowerCase(opt);
					results.add(LuaValue.valueOf(readInteger(data.m_bytes, at, size, f.little, signed)));
				}
				case 'x' -> {
				}
				case 'f' -> results.add(LuaValue.valueOf(
						Float.intBitsToFloat((int) readBits(data.m_bytes, at, 4, f.little))));
				case 'd' -> results.add(LuaValue.valueOf(Double.longBitsToDouble(readBits(data.m_bytes, at, 8, f.little))));
				case 'c' -> {
					if (size == 0) {
						if (results.isEmpty() || !results.get(results.size() - 1).isnumber()) {
							throw new LuaError("format 'c0' needs a previous size");
						}
						size = results.remove(results.size() - 1).toint();
						if (size < 0 || size > length - pos) {
							throw new LuaError("bad argument #2 to 'unpack' (data string too short)");
						}
					}
					results.add(LuaValue.valueOf(java.util.Arrays.copyOfRange(data.m_bytes, at, at + size)));
				}
				case 's' -> {
					int end = at;
					while (end < data.m_offset + length && data.m_bytes[end] != 0) {
						end++;
					}
					if (end == data.m_offset + length) {
						throw new LuaError("unfinished string in data");
					}
					size = end - at + 1;
					results.add(LuaValue.valueOf(java.util.Arrays.copyOfRange(data.m_bytes, at, end)));
				}
				default -> f.control(opt);
			}
			pos += size;
		}
		results.add(LuaValue.valueOf((double) (pos + 1)));
		return LuaValue.varargsOf(results.toArray(new LuaValue[0]));
	}

	private static long readBits(byte[] b, int at, int size, boolean little) {
		long v = 0;
		for (int i = 0; i < size; i++) {
			int index = little ? at + size - 1 - i : at + i;
			v = (v << 8) | (b[index] & 0xff);
		}
		return v;
	}

	private static double readInteger(byte[] b, int at, int size, boolean little, boolean signed) {
		long v = 0;
		int n = Math.min(size, 8);
		for (int i = 0; i < n; i++) {
			int index = little ? at + n - 1 - i : at + (size - n) + i;
			v = (v << 8) | (b[index] & 0xff);
		}
		if (signed && n < 8) {
			int shift = 64 - 8 * n;
			v = (v << shift) >> shift;
		}
		if (!signed && v < 0) {
			return (double) (v >>> 1) * 2 + (v & 1);
		}
		return v;
	}

	private static Varargs size(Varargs args) {
		Format f = new Format(args.checkstring(1), "size");
		long pos = 0;
		while (f.more()) {
			int opt = f.next();
			int size = f.size(opt);
			pos += f.padding(pos, opt, size);
			if (opt == 's') {
				throw new LuaError("bad argument #1 to 'size' (option 's' has no fixed size)");
			}
			if (opt == 'c' && size == 0) {
				throw new LuaError("bad argument #1 to 'size' (option 'c0' has no fixed size)");
			}
			if (!Character.isLetterOrDigit(opt)) {
				f.control(opt);
			}
			pos += size;
		}
		return LuaValue.valueOf((double) pos);
	}

}
