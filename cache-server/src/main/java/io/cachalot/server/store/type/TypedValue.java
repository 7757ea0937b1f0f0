package io.cachalot.server.store.type;

import io.cachalot.server.store.ValueType;

/**
 * A value other than a plain string. Strings are stored as bare {@code byte[]} (the compact
 * common case); every other type implements this interface in this package, keeps its own
 * memory estimate up to date, and can copy itself (COPY, snapshots).
 */
public interface TypedValue {

	ValueType type();

	/** Redis's name for the current encoding (OBJECT ENCODING). */
	String encoding();

	/** Estimated heap bytes held by the value. */
	long memoryUsage();

	/** Whether the value holds no element (the key is then deleted, as Redis does). */
	boolean isEmpty();

	/** A deep copy. */
	TypedValue copy();

}
