package io.cachalot.spring.cache.serializer;

/**
 * A stored value that cannot be read: its class changed or disappeared in a deploy, or it was
 * written in another format. The cache treats it as a miss, deletes it and counts it.
 */
public class UnreadableValueException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public UnreadableValueException(String message, Throwable cause) {
		super(message, cause);
	}

}
