package io.cachalot.server.protocol.memcached;

/** Input the connection cannot recover from (a line that never ends): it is closed. */
public final class McProtocolException extends Exception {

	private static final long serialVersionUID = 1L;

	public McProtocolException(String message) {
		super(message, null, false, false);
	}

}
