package io.cachalot.server.store.type;

import io.cachalot.server.util.Numbers;

/**
 * OBJECT ENCODING of a string value. Redis decides it when a command stores the value: SET
 * and friends try an integer first, INCRBYFLOAT never does, APPEND and SETRANGE leave a raw
 * buffer. The store keeps that decision as a hint in the entry's flag bits.
 */
public final class StringEncoding {

	/** Decided by content: int, embstr up to 44 bytes, raw beyond (SET, MSET, INCR ...). */
	public static final int DERIVED = 0;

	/** Never int: embstr or raw by length (INCRBYFLOAT). */
	public static final int NOT_INT = 1;

	/** Always raw (APPEND to, or SETRANGE of, a string). */
	public static final int RAW = 2;

	private static final int EMBSTR_LIMIT = 44;

	private StringEncoding() {
	}

	public static String of(byte[] value) {
		return of(value, DERIVED);
	}

	public static String of(byte[] value, int hint) {
		if (hint == RAW) {
			return "raw";
		}
		if (hint == DERIVED && value.length <= 20 && Numbers.isCanonicalLong(value)) {
			return "int";
		}
		return (value.length <= EMBSTR_LIMIT) ? "embstr" : "raw";
	}

}
