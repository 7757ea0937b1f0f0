package io.cachalot.server.memcached;

import java.util.Base64;

import io.cachalot.server.protocol.memcached.McDecoder;
import io.cachalot.server.protocol.memcached.McRequest;
import io.cachalot.server.protocol.memcached.McWriter;
import io.cachalot.server.protocol.memcached.Numbers;

/**
 * The flags of a meta command ({@code mg key v c t T30}): one letter each, some with a token
 * attached, checked against the letters the command accepts. Parsing fails with memcached's
 * error strings (duplicate, invalid flag, a bad key or token); the flags the command echoes
 * are written back in the order the request gave them.
 */
final class MetaFlags {

	private final byte[][] tokens = new byte[128][];

	private final boolean[] present = new boolean[128];

	private final char[] order = new char[32];

	private int count;

	/** The key, base64-decoded when the request has {@code b}. */
	byte[] key;

	/** The key as the request sent it (what {@code k} echoes). */
	byte[] keyToken;

	/** Why the request is refused, or null. */
	String error;

	/** md and ma answer every flag problem, a bad token included, with one error. */
	private boolean oneFlagError;

	private static final String INVALID_OR_DUPLICATE = "CLIENT_ERROR invalid or duplicate flag";

	/** The answer to a flag whose token does not parse. */
	String badToken() {
		return this.oneFlagError ? INVALID_OR_DUPLICATE : "CLIENT_ERROR bad token in command line format";
	}

	/**
	 * Parses the key (token 1) and the flags from token {@code first} on, accepting the
	 * letters of {@code accepted}; a refused request has its {@link #error} set, in memcached's
	 * words for that command ({@code oneFlagError}: md and ma's single message).
	 */
	static MetaFlags parse(McRequest r, int first, String accepted, boolean oneFlagError) {
		MetaFlags flags = new MetaFlags();
		flags.oneFlagError = oneFlagError;
		if (r.tokenCount() < 2) {
			flags.error = "ERROR";
			return flags;
		}
		for (int i = first; i < r.tokenCount(); i++) {
			byte[] t = r.token(i);
			char c = (char) t[0];
			if (c >= 128 || accepted.indexOf(c) < 0) {
				flags.error = oneFlagError ? INVALID_OR_DUPLICATE : "CLIENT_ERROR invalid flag";
				return flags;
			}
			if (flags.present[c]) {
				flags.error = oneFlagError ? INVALID_OR_DUPLICATE : "CLIENT_ERROR duplicate flag";
				return flags;
			}
			flags.present[c] = true;
			flags.tokens[c] = java.util.Arrays.copyOfRange(t, 1, t.length);
			if (flags.count < flags.order.length) {
				flags.order[flags.count++] = c;
			}
		}
		flags.keyToken = r.token(1);
		if (flags.has('b')) {
			try {
				flags.key = Base64.getDecoder().decode(flags.keyToken);
			}
			catch (IllegalArgumentException ex) {
				flags.error = "CLIENT_ERROR error decoding key";
				return flags;
			}
		}
		else {
			flags.key = flags.keyToken;
		}
		if (flags.key.length == 0 || flags.key.length > McDecoder.MAX_KEY_LENGTH) {
			flags.error = "CLIENT_ERROR bad command line format";
		}
		return flags;
	}

	boolean has(char flag) {
		return this.present[flag];
	}

	/**
	 * The numeric token of {@code flag} (signed 32-bit), {@code absent} without the flag, or
	 * {@link Numbers#INVALID} (the caller answers "bad token").
	 */
	long number(char flag, long absent) {
		return has(flag) ? Numbers.parseInt(this.tokens[flag]) : absent;
	}

	/** The unsigned 64-bit token of {@code flag}, or {@code absent}; null when it is not a number. */
	Long unsigned(char flag, long absent) {
		if (!has(flag)) {
			return absent;
		}
		return Numbers.isUnsigned(this.tokens[flag]) ? Numbers.parseUnsigned(this.tokens[flag]) : null;
	}

	/** The mode letter of {@code M}: 0 without the flag, -1 when its token is not one letter. */
	int mode() {
		if (!has('M')) {
			return 0;
		}
		byte[] token = this.tokens['M'];
		return (token.length == 1) ? token[0] : -1;
	}

	/** The raw token of {@code flag} (empty when it had none). */
	byte[] token(char flag) {
		return this.tokens[flag];
	}

	/** The echoed flags of {@code echoed}, in request order, each with what {@code value} gives for it. */
	void echo(McWriter out, String echoed, java.util.function.IntFunction<String> value) {
		for (int i = 0; i < this.count; i++) {
			char c = this.order[i];
			if (echoed.indexOf(c) < 0) {
				continue;
			}
			String v = switch (c) {
				case 'k', 'b' -> null;
				case 'O' -> new String(this.tokens['O'], java.nio.charset.StandardCharsets.US_ASCII);
				default -> value.apply(c);
			};
			if (c == 'k') {
				out.text(" k").bytes(this.keyToken);
			}
			else if (v != null) {
				out.text(" ").text(String.valueOf(c)).text(v);
			}
		}
		// a returned key that is base64 says so, last
		if (has('b') && has('k') && echoed.indexOf('k') >= 0) {
			out.text(" b");
		}
	}

}
