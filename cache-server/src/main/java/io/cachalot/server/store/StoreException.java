package io.cachalot.server.store;

/**
 * A store operation refused its input; the message is the complete Redis error reply
 * ({@code "WRONGTYPE ..."}, {@code "ERR increment or decrement would overflow"}). Nothing
 * was changed when it is thrown.
 */
public class StoreException extends RuntimeException {

	public StoreException(String message) {
		super(message, null, false, false);
	}

}
