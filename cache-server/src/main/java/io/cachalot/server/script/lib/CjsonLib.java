package io.cachalot.server.script.lib;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import io.cachalot.server.util.Doubles;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The {@code cjson} library (lua-cjson 2.1 as bundled with Redis): {@code encode} /
 * {@code decode} with its rules — numbers printed with 14 significant digits, {@code /}
 * escaped, an empty table encoded as {@code {}}, tables with only positive integer keys as
 * arrays (holes as {@code null}, "excessively sparse" arrays refused), {@code cjson.null} for
 * JSON null — and its configuration functions.
 */
public final class CjsonLib {

	/** JSON null: a unique userdata, as lua-cjson's lightuserdata NULL. */
	public static final LuaValue NULL = new LuaUserdata(new Object());

	private int encodeMaxDepth = 1000;

	private int decodeMaxDepth = 1000;

	private int precision = 14;

	private boolean sparseConvert;

	private int sparseRatio = 2;

	private int sparseSafe = 10;

	private boolean encodeInvalidNumbers;

	private boolean decodeInvalidNumbers = true;

	private boolean keepBuffer = true;

	private CjsonLib() {
	}

	public static LuaTable create() {
		return new CjsonLib().table();
	}

	private LuaTable table() {
		LuaTable t = new LuaTable();
		t.rawset("encode", LuaLibs.function(a -> {
			if (a.narg() != 1) {
				throw new LuaError("bad argument #1 to 'encode' (expected 1 argument)");
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			encode(a.arg1(), out, 1);
			return LuaValue.valueOf(out.toByteArray());
		}));
		t.rawset("decode", LuaLibs.function(a -> {
			if (a.narg() != 1) {
				throw new LuaError("bad argument #1 to 'decode' (expected 1 argument)");
			}
			return new Decoder(LuaLibs.bytes(a.checkstring(1))).document();
		}));
		t.rawset("null", NULL);
		t.rawset("_NAME", "cjson");
		t.rawset("_VERSION", "2.1.0");
		t.rawset("new", LuaLibs.function(a -> create()));
		t.rawset("encode_max_depth", LuaLibs.function(a -> {
			this.encodeMaxDepth = intOption(a, this.encodeMaxDepth, 1, Integer.MAX_VALUE);
			return LuaValue.valueOf(this.encodeMaxDepth);
		}));
		t.rawset("decode_max_depth", LuaLibs.function(a -> {
			this.decodeMaxDepth = intOption(a, this.decodeMaxDepth, 1, Integer.MAX_VALUE);
			return LuaValue.valueOf(this.decodeMaxDepth);
		}));
		t.rawset("encode_number_precision", LuaLibs.function(a -> {
			this.precision = intOption(a, this.precision, 1, 14);
			return LuaValue.valueOf(this.precision);
		}));
		t.rawset("encode_keep_buffer", LuaLibs.function(a -> {
			this.keepBuffer = boolOption(a, 1, this.keepBuffer);
			return LuaValue.valueOf(this.keepBuffer);
		}));
		t.rawset("encode_invalid_numbers", LuaLibs.function(a -> {
			this.encodeInvalidNumbers = boolOption(a, 1, this.encodeInvalidNumbers);
			return LuaValue.valueOf(this.encodeInvalidNumbers);
		}));
		t.rawset("decode_invalid_numbers", LuaLibs.function(a -> {
			this.decodeInvalidNumbers = boolOption(a, 1, this.decodeInvalidNumbers);
			return LuaValue.valueOf(this.decodeInvalidNumbers);
		}));
		t.rawset("encode_sparse_array", LuaLibs.function(a -> {
			this.sparseConvert = boolOption(a, 1, this.sparseConvert);
			if (!a.isnoneornil(2)) {
				this.sparseRatio = a.checkint(2);
			}
			if (!a.isnoneornil(3)) {
				this.sparseSafe = a.checkint(3);
			}
			return LuaValue.varargsOf(new LuaValue[] { LuaValue.valueOf(this.sparseConvert),
					LuaValue.valueOf(this.sparseRatio), LuaValue.valueOf(this.sparseSafe) });
		}));
		return t;
	}

	private static int intOption(Varargs a, int current, int min, int max) {
		if (a.isnoneornil(1)) {
			return current;
		}
		int v = a.checkint(1);
		if (v < min || v > max) {
			throw new LuaError("bad argument #1 to '?' (expected integer between " + min + " and " + max + ")");
		}
		return v;
	}

	private static boolean boolOption(Varargs a, int i, boolean current) {
		if (a.isnoneornil(i)) {
			return current;
		}
		LuaValue v = a.arg(i);
		if (v.isboolean()) {
			return v.toboolean();
		}
		String s = v.tojstring();
		return s.equals("on") || s.equals("true");
	}

	// ---- encoding -----------------------------------------------------------------------

	private void encode(LuaValue v, ByteArrayOutputStream out, int depth) {
		switch (v.type()) {
			case LuaValue.TNIL -> out.writeBytes(ascii("null"));
			case LuaValue.TBOOLEAN -> out.writeBytes(ascii(v.toboolean() ? "true" : "false"));
			case LuaValue.TNUMBER -> encodeNumber(v.todouble(), out);
			case LuaValue.TSTRING -> encodeString(v.checkstring(), out);
			case LuaValue.TTABLE -> encodeTable((LuaTable) v, out, depth);
			case LuaValue.TUSERDATA, LuaValue.TLIGHTUSERDATA -> {
				if (v == NULL) {
					out.writeBytes(ascii("null"));
				}
				else {
					throw new LuaError("Cannot serialise userdata: type not supported");
				}
			}
			default -> throw new LuaError("Cannot serialise " + v.typename() + ": type not supported");
		}
	}

	private void encodeNumber(double d, ByteArrayOutputStream out) {
		if (Double.isNaN(d) || Double.isInfinite(d)) {
			if (!this.encodeInvalidNumbers) {
				throw new LuaError("Cannot serialise number: must not be NaN or Inf");
			}
			out.writeBytes(ascii(Double.isNaN(d) ? "nan" : (d > 0 ? "inf" : "-inf")));
			return;
		}
		out.writeBytes(ascii(Doubles.formatG(d, this.precision)));
	}

	private static void encodeString(LuaString s, ByteArrayOutputStream out) {
		out.write('"');
		for (int i = 0; i < s.m_length; i++) {
			int b = s.m_bytes[s.m_offset + i] & 0xff;
			switch (b) {
				case '"' -> out.writeBytes(ascii("\\\""));
				case '\\' -> out.writeBytes(ascii("\\\\"));
				case '/' -> out.writeBytes(ascii("\\/"));
				case '\b' -> out.writeBytes(ascii("\\b"));
				case '\f' -> out.writeBytes(ascii("\\f"));
				case '\n' -> out.writeBytes(ascii("\\n"));
				case '\r' -> out.writeBytes(ascii("\\r"));
				case '\t' -> out.writeBytes(ascii("\\t"));
				default -> {
					if (b < 0x20 || b == 0x7f) {
						out.writeBytes(ascii(String.format("\\u%04x", b)));
					}
					else {
						out.write(b);
					}
				}
			}
		}
		out.write('"');
	}

	private void encodeTable(LuaTable t, ByteArrayOutputStream out, int depth) {
		if (depth > this.encodeMaxDepth) {
			throw new LuaError("Cannot serialise, excessive nesting (" + depth + ")");
		}
		int arrayLength = arrayLength(t);
		if (arrayLength > 0) {
			out.write('[');
			for (int i = 1; i <= arrayLength; i++) {
				if (i > 1) {
					out.write(',');
				}
				encode(t.rawget(i), out, depth + 1);
			}
			out.write(']');
			return;
		}
		out.write('{');
		boolean first = true;
		LuaValue k = LuaValue.NIL;
		while (true) {
			Varargs next = t.next(k);
			if ((k = next.arg1()).isnil()) {
				break;
			}
			if (!first) {
				out.write(',');
			}
			first = false;
			if (k.type() == LuaValue.TNUMBER) {
				out.write('"');
				encodeNumber(k.todouble(), out);
				out.write('"');
			}
			else if (k.type() == LuaValue.TSTRING) {
				encodeString(k.checkstring(), out);
			}
			else {
				throw new LuaError("Cannot serialise table: table key must be a number or string");
			}
			out.write(':');
			encode(next.arg(2), out, depth + 1);
		}
		out.write('}');
	}

	/**
	 * lua-cjson's array test: the highest key when every key is a positive integer, 0 for an
	 * object (or an empty table); an excessively sparse array is an error unless converting.
	 */
	private int arrayLength(LuaTable t) {
		double max = 0;
		int items = 0;
		LuaValue k = LuaValue.NIL;
		while (true) {
			Varargs next = t.next(k);
			if ((k = next.arg1()).isnil()) {
				break;
			}
			if (k.type() != LuaValue.TNUMBER) {
				return 0;
			}
			double d = k.todouble();
			if (d < 1 || d != Math.floor(d)) {
				return 0;
			}
			max = Math.max(max, d);
			items++;
		}
		if (this.sparseRatio > 0 && max > items * this.sparseRatio && max > this.sparseSafe) {
			if (!this.sparseConvert) {
				throw new LuaError("Cannot serialise table: excessively sparse array");
			}
			return 0;
		}
		return (int) max;
	}

	private static byte[] ascii(String s) {
		return s.getBytes(StandardCharsets.US_ASCII);
	}

	// ---- decoding -----------------------------------------------------------------------

	/** A recursive-descent JSON reader with lua-cjson's error messages. */
	private final class Decoder {

		private final byte[] in;

		private int pos;

		private int depth;

		Decoder(byte[] in) {
			this.in = in;
		}

		LuaValue document() {
			LuaValue v = value();
			skipSpace();
			if (this.pos < this.in.length) {
				throw error("the end", describe());
			}
			return v;
		}

		private LuaValue value() {
			skipSpace();
			if (this.pos >= this.in.length) {
				throw error("value", "T_END");
			}
			int c = this.in[this.pos] & 0xff;
			switch (c) {
				case '{':
					return object();
				case '[':
					return array();
				case '"':
					return LuaValue.valueOf(string());
				case 't':
					return literal("true", LuaValue.TRUE);
				case 'f':
					return literal("false", LuaValue.FALSE);
				case 'n':
					if (startsWith("nan") && decodeInvalidNumbers) {
						this.pos += 3;
						return LuaValue.valueOf(Double.NaN);
					}
					return literal("null", NULL);
				default:
					if (c == '-' || (c >= '0' && c <= '9') || c == 'i' || c == 'I' || c == 'N') {
						return number();
					}
					throw error("value", describe());
			}
		}

		private LuaValue literal(String word, LuaValue value) {
			if (!startsWith(word)) {
				throw error("value", "invalid token");
			}
			this.pos += word.length();
			return value;
		}

		private boolean startsWith(String word) {
			if (this.pos + word.length() > this.in.length) {
				return false;
			}
			for (int i = 0; i < word.length(); i++) {
				if (this.in[this.pos + i] != word.charAt(i)) {
					return false;
				}
			}
			return true;
		}

		private LuaValue number() {
			int start = this.pos;
			while (this.pos < this.in.length && "+-0123456789.eEinfINFaA".indexOf(this.in[this.pos]) >= 0) {
				this.pos++;
			}
			String text = new String(this.in, start, this.pos - start, StandardCharsets.US_ASCII);
			try {
				if (text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
					return LuaValue.valueOf(Double.parseDouble(text));
				}
				if (decodeInvalidNumbers && text.matches("-?(inf|infinity|INF|Infinity)")) {
					return LuaValue.valueOf(text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			this.pos = start;
			throw error("value", "invalid number");
		}

		private LuaTable object() {
			enter();
			this.pos++;
			LuaTable t = new LuaTable();
			skipSpace();
			if (peek() == '}') {
				this.pos++;
				this.depth--;
				return t;
			}
			while (true) {
				skipSpace();
				if (peek() != '"') {
					throw error("object key string", describe());
				}
				LuaValue key = LuaValue.valueOf(string());
				skipSpace();
				if (peek() != ':') {
					throw error("colon", describe());
				}
				this.pos++;
				t.rawset(key, value());
				skipSpace();
				int c = peek();
				this.pos++;
				if (c == '}') {
					this.depth--;
					return t;
				}
				if (c != ',') {
					this.pos--;
					throw error("comma or object end", describe());
				}
			}
		}

		private LuaTable array() {
			enter();
			this.pos++;
			LuaTable t = new LuaTable();
			skipSpace();
			if (peek() == ']') {
				this.pos++;
				this.depth--;
				return t;
			}
			for (int i = 1;; i++) {
				t.rawset(i, value());
				skipSpace();
				int c = peek();
				this.pos++;
				if (c == ']') {
					this.depth--;
					return t;
				}
				if (c != ',') {
					this.pos--;
					throw error("comma or array end", describe());
				}
			}
		}

		private void enter() {
			if (++this.depth > decodeMaxDepth) {
				throw new LuaError("Found too many nested data structures (" + this.depth + ") at character " + (this.pos + 1));
			}
		}

		private byte[] string() {
			int start = this.pos;
			this.pos++;
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			while (true) {
				if (this.pos >= this.in.length) {
					throw error("value", "unexpected end of string");
				}
				int c = this.in[this.pos++] & 0xff;
				if (c == '"') {
					return out.toByteArray();
				}
				if (c != '\\') {
					out.write(c);
					continue;
				}
				if (this.pos >= this.in.length) {
					this.pos = start;
					throw error("value", "invalid escape code");
				}
				int e = this.in[this.pos++];
				switch (e) {
					case '"', '\\', '/' -> out.write(e);
					case 'b' -> out.write('\b');
					case 'f' -> out.write('\f');
					case 'n' -> out.write('\n');
					case 'r' -> out.write('\r');
					case 't' -> out.write('\t');
					case 'u' -> {
						int cp = hex4();
						if (cp >= 0xD800 && cp <= 0xDBFF && this.pos + 1 < this.in.length && this.in[this.pos] == '\\'
								&& this.in[this.pos + 1] == 'u') {
							this.pos += 2;
							int low = hex4();
							cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
						}
						out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
					}
					default -> {
						this.pos = start;
						throw error("value", "invalid escape code");
					}
				}
			}
		}

		private int hex4() {
			if (this.pos + 4 > this.in.length) {
				throw error("value", "invalid unicode escape code");
			}
			try {
				int v = Integer.parseInt(new String(this.in, this.pos, 4, StandardCharsets.US_ASCII), 16);
				this.pos += 4;
				return v;
			}
			catch (NumberFormatException ex) {
				throw error("value", "invalid unicode escape code");
			}
		}

		private int peek() {
			return (this.pos < this.in.length) ? this.in[this.pos] & 0xff : -1;
		}

		private void skipSpace() {
			while (this.pos < this.in.length && (this.in[this.pos] == ' ' || this.in[this.pos] == '\t'
					|| this.in[this.pos] == '\n' || this.in[this.pos] == '\r')) {
				this.pos++;
			}
		}

		/** lua-cjson's name for the token at the current position. */
		private String describe() {
			if (this.pos >= this.in.length) {
				return "T_END";
			}
			int c = this.in[this.pos] & 0xff;
			return switch (c) {
				case '{' -> "T_OBJ_BEGIN";
				case '}' -> "T_OBJ_END";
				case '[' -> "T_ARR_BEGIN";
				case ']' -> "T_ARR_END";
				case ',' -> "T_COMMA";
				case ':' -> "T_COLON";
				case '"' -> "T_STRING";
				case 't', 'f' -> "T_BOOLEAN";
				case 'n' -> "T_NULL";
				default -> (c == '-' || (c >= '0' && c <= '9')) ? "T_NUMBER" : "invalid token";
			};
		}

		private LuaError error(String expected, String found) {
			return new LuaError("Expected " + expected + " but found " + found + " at character " + (this.pos + 1));
		}

	}

}
