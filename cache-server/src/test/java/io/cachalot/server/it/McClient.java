package io.cachalot.server.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A raw memcached protocol connection for tests: {@link #call} sends a request (its text
 * exactly as given, CRLFs included) followed by {@code mn}, and returns everything the server
 * answered before {@code MN} — so a step's whole reply is read whatever its shape.
 */
final class McClient implements AutoCloseable {

	private static final byte[] MN = "MN\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final int MN_WORD = ('M' << 24) | ('N' << 16) | ('\r' << 8) | '\n';

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	McClient(int port) {
		try {
			this.socket = new Socket("127.0.0.1", port);
			this.socket.setSoTimeout(5_000);
			this.in = new java.io.BufferedInputStream(this.socket.getInputStream());
			this.out = this.socket.getOutputStream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The reply to {@code request}, or what came before the server closed the connection plus {@code <closed>}. */
	String call(String request) {
		send(request.getBytes(StandardCharsets.ISO_8859_1));
		send(MN_REQUEST);
		ByteArrayOutputStream reply = new ByteArrayOutputStream();
		int last4 = 0;
		try {
			while (reply.size() < 4 || last4 != MN_WORD) {
				int b = this.in.read();
				if (b < 0) {
					return reply.toString(StandardCharsets.ISO_8859_1) + "<closed>";
				}
				reply.write(b);
				last4 = (last4 << 8) | b;
			}
		}
		catch (SocketTimeoutException ex) {
			return reply.toString(StandardCharsets.ISO_8859_1) + "<timeout>";
		}
		catch (IOException ex) {
			return reply.toString(StandardCharsets.ISO_8859_1) + "<closed>";
		}
		String text = reply.toString(StandardCharsets.ISO_8859_1);
		return text.substring(0, text.length() - MN.length);
	}

	private static final byte[] MN_REQUEST = "mn\r\n".getBytes(StandardCharsets.US_ASCII);

	void send(byte[] bytes) {
		try {
			this.out.write(bytes);
			this.out.flush();
		}
		catch (IOException ex) {
			// the server closed: the next read says so
		}
	}

	/** Whether the server closes the connection within the timeout (reading and dropping what it sends). */
	boolean isClosedByServer(int timeoutMillis) {
		try {
			this.socket.setSoTimeout(timeoutMillis);
			byte[] sink = new byte[4096];
			while (this.in.read(sink) >= 0) {
				// drain
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
