package io.cachalot.server.config;

import java.util.Locale;

/** Memory amounts as redis.conf writes them: {@code 1k}=1000, {@code 1kb}=1024, ... {@code gb}. */
public final class MemorySize {

	private MemorySize() {
	}

	public static long parse(String text) {
		String s = text.strip().toLowerCase(Locale.ROOT);
		long unit = 1;
		String digits = s;
		String[][] units = { { "kb", "1024" }, { "mb", "1048576" }, { "gb", "1073741824" }, { "k", "1000" },
				{ "m", "1000000" }, { "g", "1000000000" }, { "b", "1" } };
		for (String[] u : units) {
			if (s.endsWith(u[0])) {
				unit = Long.parseLong(u[1]);
				digits = s.substring(0, s.length() - u[0].length());
				break;
			}
		}
		long n;
		try {
			n = Long.parseLong(digits);
		}
		catch (NumberFormatException ex) {
			throw new ConfigException("argument must be a memory value");
		}
		if (n < 0) {
			throw new ConfigException("argument must be a memory value");
		}
		return Math.multiplyExact(n, unit);
	}

}
