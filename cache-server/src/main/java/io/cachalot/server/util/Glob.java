package io.cachalot.server.util;

/**
 * Redis's glob matching ({@code stringmatchlen}): {@code *}, {@code ?}, {@code [abc]},
 * {@code [^a-z]}, backslash escapes; byte-wise, optionally ignoring ASCII case.
 */
public final class Glob {

	private Glob() {
	}

	public static boolean matches(String pattern, String text) {
		return matches(pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8),
				text.getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
	}

	public static boolean matches(byte[] pattern, byte[] text, boolean nocase) {
		return match(pattern, 0, text, 0, nocase, 0);
	}

	private static boolean match(byte[] p, int pi, byte[] s, int si, boolean nocase, int depth) {
		if (depth > 1000) {
			return false;
		}
		while (pi < p.length) {
			byte c = p[pi];
			switch (c) {
				case '*' -> {
					while (pi + 1 < p.length && p[pi + 1] == '*') {
						pi++;
					}
					if (pi + 1 == p.length) {
						return true;
					}
					for (int k = si; k <= s.length; k++) {
						if (match(p, pi + 1, s, k, nocase, depth + 1)) {
							return true;
						}
					}
					return false;
				}
				case '?' -> {
					if (si >= s.length) {
						return false;
					}
					si++;
				}
				case '[' -> {
					if (si >= s.length) {
						return false;
					}
					pi++;
					boolean not = pi < p.length && p[pi] == '^';
					if (not) {
						pi++;
					}
					boolean matched = false;
					while (pi < p.length && p[pi] != ']') {
						if (p[pi] == '\\' && pi + 1 < p.length) {
							pi++;
							if (eq(p[pi], s[si], nocase)) {
								matched = true;
							}
						}
						else if (pi + 2 < p.length && p[pi + 1] == '-') {
							int lo = p[pi] & 0xFF;
							int hi = p[pi + 2] & 0xFF;
							if (lo > hi) {
								int t = lo;
								lo = hi;
								hi = t;
							}
							int ch = s[si] & 0xFF;
							if (nocase) {
								lo = Character.toLowerCase(lo);
								hi = Character.toLowerCase(hi);
								ch = Character.toLowerCase(ch);
							}
							if (ch >= lo && ch <= hi) {
								matched = true;
							}
							pi += 2;
						}
						else if (eq(p[pi], s[si], nocase)) {
							matched = true;
						}
						pi++;
					}
					if (pi >= p.length) {
						pi--;
					}
					if (not) {
						matched = !matched;
					}
					if (!matched) {
						return false;
					}
					si++;
				}
				case '\\' -> {
					if (pi + 1 < p.length) {
						pi++;
					}
					if (si >= s.length || !eq(p[pi], s[si], nocase)) {
						return false;
					}
					si++;
				}
				default -> {
					if (si >= s.length || !eq(c, s[si], nocase)) {
						return false;
					}
					si++;
				}
			}
			pi++;
		}
		return si == s.length;
	}

	private static boolean eq(byte a, byte b, boolean nocase) {
		if (a == b) {
			return true;
		}
		return nocase && Character.toLowerCase(a & 0xFF) == Character.toLowerCase(b & 0xFF);
	}

}
