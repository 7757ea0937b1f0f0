package io.cachalot.server.protocol.memcached;

/**
 * Numbers in request lines, read as memcached reads them ({@code safe_strtol},
 * {@code safe_strtoul}, {@code safe_strtoull}): decimal digits after an optional sign, the
 * whole token, within range. A bad number is {@link #INVALID}.
 */
public final class Numbers {

	/** What a parse returns for a token that is not a valid number. */
	public static final long INVALID = Long.MIN_VALUE;

	private Numbers() {
	}

	/** A signed 32-bit number (exptime, lengths). */
	public static long parseInt(byte[] token) {
		long v = parseLong(token);
		return (v == INVALID || v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) ? INVALID : v;
	}

	/** A signed 64-bit number. */
	public static long parseLong(byte[] token) {
		int i = 0;
		boolean negative = false;
		if (token.length > 0 && (token[0] == '-' || token[0] == '+')) {
			negative = token[0] == '-';
			i = 1;
		}
		if (i == token.length) {
			return INVALID;
		}
		long v = 0;
		for (; i < token.length; i++) {
			int d = token[i] - '0';
			if (d < 0 || d > 9 || v > (Long.MAX_VALUE - d) / 10) {
				return INVALID;
			}
			v = v * 10 + d;
		}
		return negative ? -v : v;
	}

	/** Client flags: an unsigned number kept to its low 32 bits, as memcached stores it; negative is invalid. */
	public static long parseFlags(byte[] token) {
		if (!isUnsigned(token)) {
			return INVALID;
		}
		return parseUnsigned(token) & 0xFFFFFFFFL;
	}

	/** Whether the token is an unsigned 64-bit decimal (CAS values, deltas). */
	public static boolean isUnsigned(byte[] token) {
		int i = (token.length > 0 && token[0] == '+') ? 1 : 0;
		if (i == token.length) {
			return false;
		}
		long v = 0;
		for (; i < token.length; i++) {
			int d = token[i] - '0';
			if (d < 0 || d > 9) {
				return false;
			}
			// overflow past 2^64 - 1, compared unsigned
			if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
				return false;
			}
			v = v * 10 + d;
		}
		return true;
	}

	/** The value of a token {@link #isUnsigned} accepted. */
	public static long parseUnsigned(byte[] token) {
		int i = (token.length > 0 && token[0] == '+') ? 1 : 0;
		long v = 0;
		for (; i < token.length; i++) {
			v = v * 10 + (token[i] - '0');
		}
		return v;
	}

}
