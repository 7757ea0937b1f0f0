package io.cachalot.server.store.type;

import io.cachalot.server.util.Numbers;

/** OBJECT ENCODING of a string value, as Redis derives it. */
public final class StringEncoding {

	private static final int EMBSTR_LIMIT = 44;

	private StringEncoding() {
	}

	public static String of(byte[] value) {
		if (value.length <= 20 && Numbers.isCanonicalLong(value)) {
			return "int";
		}
		return (value.length <= EMBSTR_LIMIT) ? "embstr" : "raw";
	}

}
