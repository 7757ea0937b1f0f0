package io.cachalot.server.util;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Floating-point text as Redis 7.0 writes it: {@code %.17g} for doubles (scores, RESP3
 * doubles) and, for INCRBYFLOAT, C's {@code long double} arithmetic printed with
 * {@code %.17Lf} and trailing zeros removed. Java has no 80-bit type, so
 * {@link #addLongDouble} emulates it exactly: operands and the sum are rounded to a 64-bit
 * mantissa, the way x87 {@code long double} rounds, which makes INCRBYFLOAT's text equal
 * Redis's byte for byte.
 */
public final class Doubles {

	private static final MathContext G17 = new MathContext(17, RoundingMode.HALF_EVEN);

	private static final BigInteger TWO_63 = BigInteger.ONE.shiftLeft(63);

	private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

	private Doubles() {
	}

	/** C's {@code printf("%.17g", d)}, with Redis's "inf" / "-inf". */
	public static String format17g(double d) {
		return formatG(d, G17);
	}

	/** C's {@code printf("%.14g", d)}: how Lua 5.1 and cjson print numbers. */
	public static String format14g(double d) {
		return formatG(d, G14);
	}

	private static final MathContext G14 = new MathContext(14, RoundingMode.HALF_EVEN);

	/** C's {@code printf("%.<precision>g", d)} (precision at least 1). */
	public static String formatG(double d, int precision) {
		return formatG(d, new MathContext(Math.max(1, precision), RoundingMode.HALF_EVEN));
	}

	private static String formatG(double d, MathContext precision) {
		if (Double.isInfinite(d)) {
			return (d > 0) ? "inf" : "-inf";
		}
		if (Double.isNaN(d)) {
			return "nan";
		}
		if (d == 0) {
			return (1 / d < 0) ? "-0" : "0";
		}
		BigDecimal bd = new BigDecimal(d).round(precision);
		int exponent = bd.precision() - bd.scale() - 1;
		if (exponent < -4 || exponent >= precision.getPrecision()) {
			String mantissa = stripZeros(bd.movePointLeft(exponent).toPlainString());
			int abs = Math.abs(exponent);
			return mantissa + "e" + ((exponent < 0) ? "-" : "+") + ((abs < 10) ? "0" : "") + abs;
		}
		return stripZeros(bd.toPlainString());
	}

	/**
	 * Parses a decimal argument the way {@code strtold} does for INCRBYFLOAT (no leading or
	 * trailing space, "inf" allowed, NaN refused) and rounds it to long double precision.
	 * @throws NumberFormatException when it is not a valid float
	 */
	public static BigDecimal parseLongDouble(byte[] text) {
		double d = Numbers.parseDouble(text);
		if (Double.isInfinite(d)) {
			throw new ArithmeticException("infinite");
		}
		String s = new String(text, StandardCharsets.US_ASCII).trim();
		return roundToLongDouble(new BigDecimal(s));
	}

	/** {@code a + b} rounded to long double precision. */
	public static BigDecimal addLongDouble(BigDecimal a, BigDecimal b) {
		return roundToLongDouble(a.add(b));
	}

	/** {@code %.17Lf} without trailing zeros, as Redis's {@code ld2string(LD_STR_HUMAN)}. */
	public static String formatLongDoubleHuman(BigDecimal value) {
		String s = stripZeros(value.setScale(17, RoundingMode.HALF_EVEN).toPlainString());
		return s.equals("-0") ? "0" : s;
	}

	/** Rounds an exact decimal to the nearest value with a 64-bit binary mantissa. */
	static BigDecimal roundToLongDouble(BigDecimal exact) {
		if (exact.signum() == 0) {
			return BigDecimal.ZERO;
		}
		BigDecimal abs = exact.abs();
		int k = estimateLog2(abs);
		BigDecimal scaled = scaleByPowerOfTwo(abs, 63 - k);
		while (scaled.compareTo(new BigDecimal(TWO_63)) < 0) {
			k--;
			scaled = scaled.multiply(BigDecimal.valueOf(2));
		}
		while (scaled.compareTo(new BigDecimal(TWO_64)) >= 0) {
			k++;
			scaled = scaled.divide(BigDecimal.valueOf(2));
		}
		BigInteger mantissa = scaled.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
		BigDecimal rounded = scaleByPowerOfTwo(new BigDecimal(mantissa), k - 63);
		return (exact.signum() < 0) ? rounded.negate() : rounded;
	}

	private static int estimateLog2(BigDecimal abs) {
		double d = abs.doubleValue();
		if (d == 0 || Double.isInfinite(d)) {
			return (int) Math.round((abs.precision() - abs.scale() - 1) * 3.321928094887362);
		}
		return Math.getExponent(d);
	}

	private static BigDecimal scaleByPowerOfTwo(BigDecimal v, int n) {
		if (n >= 0) {
			return v.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(n)));
		}
		// dividing by 2^m is exact: multiply by 5^m and shift the decimal point m places
		int m = -n;
		return v.multiply(new BigDecimal(BigInteger.valueOf(5).pow(m))).movePointLeft(m);
	}

	private static String stripZeros(String s) {
		if (s.indexOf('.') < 0) {
			return s;
		}
		int end = s.length();
		while (s.charAt(end - 1) == '0') {
			end--;
		}
		if (s.charAt(end - 1) == '.') {
			end--;
		}
		return s.substring(0, end);
	}

}
