package io.cachalot.spring.cache.serializer;

/**
 * Turns cached values into bytes and back. Every format starts with a small header naming the
 * format and its version, so a value written by another format or a future version is
 * recognised and reported as {@link UnreadableValueException} rather than misread.
 */
public interface CacheValueSerializer {

	/** The value as stored; {@code null} is never passed (null markers are handled by the cache). */
	byte[] serialize(Object value);

	/** The value {@code bytes} hold; throws {@link UnreadableValueException} when they cannot be read any more. */
	Object deserialize(byte[] bytes);

}
