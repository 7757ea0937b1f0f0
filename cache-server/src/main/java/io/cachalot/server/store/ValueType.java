package io.cachalot.server.store;

import io.cachalot.server.store.type.TypedValue;

/** The Redis types, with the names TYPE and SCAN ... TYPE use. */
public enum ValueType {

	STRING("string"), LIST("list"), SET("set"), ZSET("zset"), HASH("hash"), STREAM("stream");

	private final String redisName;

	ValueType(String redisName) {
		this.redisName = redisName;
	}

	public String redisName() {
		return this.redisName;
	}

	public static ValueType of(Object value) {
		if (value instanceof byte[]) {
			return STRING;
		}
		return ((TypedValue) value).type();
	}

	public static ValueType byName(String name) {
		for (ValueType t : values()) {
			if (t.redisName.equalsIgnoreCase(name)) {
				return t;
			}
		}
		return null;
	}

}
