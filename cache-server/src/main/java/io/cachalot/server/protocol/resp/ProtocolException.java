package io.cachalot.server.protocol.resp;

/**
 * A malformed RESP frame. The message is the exact text Redis replies with (without the
 * leading {@code -ERR }); the connection that sent the frame is closed after the reply.
 */
public final class ProtocolException extends RuntimeException {

	public ProtocolException(String message) {
		super(message, null, false, false);
	}

}
