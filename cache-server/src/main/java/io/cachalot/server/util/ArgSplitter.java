package io.cachalot.server.util;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line into arguments the way Redis's {@code sdssplitargs} does: spaces separate,
 * double quotes allow escapes ({@code \n}, {@code \xHH} ...), single quotes are literal.
 * Used for inline commands and for redis.conf lines.
 */
public final class ArgSplitter {

	private ArgSplitter() {
	}

	/** The arguments, or null when quotes are unbalanced. */
	public static List<byte[]> split(byte[] line) {
		List<byte[]> args = new ArrayList<>();
		int i = 0;
		int n = line.length;
		ByteArrayOutputStream current = new ByteArrayOutputStream();
		while (true) {
			while (i < n && isSpace(line[i])) {
				i++;
			}
			if (i >= n) {
				return args;
			}
			current.reset();
			boolean inDouble = false;
			boolean inSingle = false;
			boolean done = false;
			while (!done) {
				if (inDouble) {
					if (i >= n) {
						return null;
					}
					byte c = line[i];
					if (c == '\\' && i + 3 < n && line[i + 1] == 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
						current.write(Character.digit(line[i + 2], 16) * 16 + Character.digit(line[i + 3], 16));
						i += 3;
					}
					else if (c == '\\' && i + 1 < n) {
						i++;
						byte e = line[i];
						current.write(switch (e) {
							case 'n' -> '\n';
							case 'r' -> '\r';
							case 't' -> '\t';
							case 'b' -> '\b';
							case 'a' -> 7;
							default -> e;
						});
					}
					else if (c == '"') {
						if (i + 1 < n && !isSpace(line[i + 1])) {
							return null;
						}
						done = true;
					}
					else {
						current.write(c);
					}
				}
				else if (inSingle) {
					if (i >= n) {
						return null;
					}
					byte c = line[i];
					if (c == '\\' && i + 1 < n && line[i + 1] == '\'') {
						i++;
						current.write('\'');
					}
					else if (c == '\'') {
						if (i + 1 < n && !isSpace(line[i + 1])) {
							return null;
						}
						done = true;
					}
					else {
						current.write(c);
					}
				}
				else {
					if (i >= n) {
						done = true;
						continue;
					}
					byte c = line[i];
					switch (c) {
						case ' ', '\n', '\r', '\t', 0 -> done = true;
						case '"' -> inDouble = true;
						case '\'' -> inSingle = true;
						default -> current.write(c);
					}
				}
				if (i < n) {
					i++;
				}
			}
			args.add(current.toByteArray());
		}
	}

	private static boolean isSpace(byte b) {
		return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
	}

	private static boolean isHex(byte b) {
		return Character.digit(b, 16) >= 0;
	}

}
