package io.cachalot.server.store;

/** A command met a key holding another type. */
public final class WrongTypeException extends StoreException {

	public static final String MESSAGE = "WRONGTYPE Operation against a key holding the wrong kind of value";

	public static final WrongTypeException INSTANCE = new WrongTypeException();

	private WrongTypeException() {
		super(MESSAGE);
	}

}
