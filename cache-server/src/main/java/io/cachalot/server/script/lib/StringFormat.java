package io.cachalot.server.script.lib;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import io.cachalot.server.util.Doubles;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code string.format} with C's {@code printf} conversions as Lua 5.1 has them
 * ({@code %d %i %u %c %o %x %X %e %E %f %g %G %q %s %%} with flags, width and precision);
 * LuaJ's own ignores width and precision for numbers.
 */
public final class StringFormat extends VarArgFunction {

	@Override
	public Varargs invoke(Varargs args) {
		LuaString fmt = args.checkstring(1);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int arg = 1;
		int n = fmt.length();
		for (int i = 0; i < n; i++) {
			int c = fmt.luaByte(i);
			if (c != '%') {
				out.write(c);
				continue;
			}
			if (++i >= n) {
				throw new LuaError("invalid option '%' to 'format'");
			}
			if (fmt.luaByte(i) == '%') {
				out.write('%');
				continue;
			}
			int start = i;
			while (i < n && "-+ #0".indexOf(fmt.luaByte(i)) >= 0) {
				i++;
			}
			while (i < n && Character.isDigit(fmt.luaByte(i))) {
				i++;
			}
			if (i < n && fmt.luaByte(i) == '.') {
				i++;
				while (i < n && Character.isDigit(fmt.luaByte(i))) {
					i++;
				}
			}
			if (i >= n) {
				throw new LuaError("invalid format (missing conversion)");
			}
			String spec = fmt.substring(start, i).tojstring();
			char conversion = (char) fmt.luaByte(i);
			arg++;
			String text = convert(spec, conversion, args, arg);
			out.writeBytes(text.getBytes(conversion == 's' || conversion == 'q' || conversion == 'c'
					? StandardCharsets.ISO_8859_1 : StandardCharsets.US_ASCII));
		}
		return LuaValue.valueOf(out.toByteArray());
	}

	private static String convert(String spec, char conversion, Varargs args, int arg) {
		Spec s = Spec.parse(spec);
		switch (conversion) {
			case 'd', 'i' -> {
				long v = (long) args.checkdouble(arg);
				return s.pad(sign(s, v >= 0) + s.zeroPrecision(Long.toString(Math.abs(v))), true);
			}
			case 'u' -> {
				return s.pad(Long.toUnsignedString((long) args.checkdouble(arg)), true);
			}
			case 'c' -> {
				return s.pad(String.valueOf((char) (args.checkint(arg) & 0xff)), false);
			}
			case 'o', 'x', 'X' -> {
				long v = (long) args.checkdouble(arg);
				String digits = (conversion == 'o') ? Long.toOctalString(v) : Long.toHexString(v);
				if (s.alternate && v != 0) {
					digits = (conversion == 'o') ? "0" + digits : "0x" + digits;
				}
				digits = s.zeroPrecision(digits);
				return s.pad(conversion == 'X' ? digits.toUpperCase() : digits, true);
			}
			case 'e', 'E', 'f', 'g', 'G' -> {
				double d = args.checkdouble(arg);
				String body;
				if (Double.isNaN(d) || Double.isInfinite(d)) {
					body = Double.isNaN(d) ? "nan" : "inf";
				}
				else if (conversion == 'g' || conversion == 'G') {
					body = Doubles.formatG(Math.abs(d), s.precision < 0 ? 6 : Math.max(1, s.precision));
				}
				else {
					int p = s.precision < 0 ? 6 : s.precision;
					body = String.format(java.util.Locale.ROOT, "%." + p + (conversion == 'f' ? "f" : "e"), Math.abs(d));
				}
				if (Character.isUpperCase(conversion)) {
					body = body.toUpperCase();
				}
				boolean negative = d < 0 || (d == 0 && 1 / d < 0);
				return s.pad(sign(s, !negative) + body, !Double.isNaN(d) && !Double.isInfinite(d));
			}
			case 's' -> {
				LuaValue v = args.arg(arg);
				String str;
				if (v.type() == LuaValue.TSTRING) {
					LuaString ls = v.checkstring();
					str = new String(ls.m_bytes, ls.m_offset, ls.m_length, StandardCharsets.ISO_8859_1);
				}
				else if (v.type() == LuaValue.TNUMBER) {
					str = Doubles.format14g(v.todouble());
				}
				else {
					throw new LuaError("bad argument #" + arg + " to 'format' (string expected, got "
							+ (args.narg() < arg ? "no value" : v.typename()) + ")");
				}
				if (s.precision >= 0 && str.length() > s.precision) {
					str = str.substring(0, s.precision);
				}
				return s.pad(str, false);
			}
			case 'q' -> {
				LuaString ls = args.checkstring(arg);
				StringBuilder q = new StringBuilder("\"");
				for (int k = 0; k < ls.m_length; k++) {
					int b = ls.m_bytes[ls.m_offset + k] & 0xff;
					switch (b) {
						case '"', '\\', '\n' -> q.append('\\').append((char) b);
						case '\r' -> q.append("\\r");
						case 0 -> q.append("\\000");
						default -> q.append((char) b);
					}
				}
				return q.append('"').toString();
			}
			default -> throw new LuaError("invalid option '%" + conversion + "' to 'format'");
		}
	}

	private static String sign(Spec s, boolean nonNegative) {
		if (!nonNegative) {
			return "-";
		}
		return s.plus ? "+" : s.space ? " " : "";
	}

	/** Flags, width and precision of one conversion. */
	private record Spec(boolean left, boolean plus, boolean space, boolean alternate, boolean zero, int width,
			int precision) {

		static Spec parse(String spec) {
			int i = 0;
			boolean left = false;
			boolean plus = false;
			boolean space = false;
			boolean alternate = false;
			boolean zero = false;
			while (i < spec.length() && "-+ #0".indexOf(spec.charAt(i)) >= 0) {
				switch (spec.charAt(i++)) {
					case '-' -> left = true;
					case '+' -> plus = true;
					case ' ' -> space = true;
					case '#' -> alternate = true;
					default -> zero = true;
				}
			}
			int dot = spec.indexOf('.', i);
			String w = (dot < 0) ? spec.substring(i) : spec.substring(i, dot);
			int width = w.isEmpty() ? 0 : Integer.parseInt(w);
			int precision = (dot < 0) ? -1 : (dot + 1 == spec.length() ? 0 : Integer.parseInt(spec.substring(dot + 1)));
			if (width > 99 || precision > 99) {
				throw new LuaError("invalid format (width or precision too long)");
			}
			return new Spec(left, plus, space, alternate, zero, width, precision);
		}

		String zeroPrecision(String digits) {
			StringBuilder b = new StringBuilder(digits);
			while (this.precision >= 0 && b.length() < this.precision) {
				b.insert(0, '0');
			}
			return b.toString();
		}

		String pad(String text, boolean numeric) {
			if (text.length() >= this.width) {
				return text;
			}
			int fill = this.width - text.length();
			if (this.left) {
				return text + " ".repeat(fill);
			}
			if (this.zero && numeric && this.precision < 0) {
				int signLength = (!text.isEmpty() && "+- ".indexOf(text.charAt(0)) >= 0) ? 1 : 0;
				return text.substring(0, signLength) + "0".repeat(fill) + text.substring(signLength);
			}
			return " ".repeat(fill) + text;
		}

	}

}
