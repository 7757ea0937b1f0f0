package io.cachalot.server.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal raw RESP client for tests that must see replies exactly as sent: type markers,
 * error text, RESP3 aggregates. Replies are rendered as canonical strings such as
 * {@code "+OK"}, {@code "$3:bar"}, {@code ":1"}, {@code "-ERR syntax error"},
 * {@code "*2[$1:a,$1:b]"}, so two servers' replies compare with {@code equals}.
 */
public final class RespClient implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	public RespClient(String host, int port) {
		try {
			this.socket = new Socket();
			this.socket.connect(new InetSocketAddress(host, port), 2000);
			this.socket.setSoTimeout(5000);
			this.socket.setTcpNoDelay(true);
			this.in = new BufferedInputStream(this.socket.getInputStream());
			this.out = this.socket.getOutputStream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static byte[] encode(List<byte[]> args) {
		ByteArrayOutputStream buf = new ByteArrayOutputStream();
		buf.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
		for (byte[] a : args) {
			buf.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
			buf.writeBytes(a);
			buf.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		return buf.toByteArray();
	}

	public static List<byte[]> args(String... args) {
		List<byte[]> out = new ArrayList<>();
		for (String a : args) {
			out.add(a.getBytes(StandardCharsets.UTF_8));
		}
		return out;
	}

	/** Sends one command and returns its reply rendered canonically. */
	public String call(String... args) {
		return call(args(args));
	}

	public String call(List<byte[]> args) {
		send(encode(args));
		return readReply();
	}

	/** Sends a command whose reply is a bulk string and returns its bytes exactly (null for a null reply). */
	public byte[] callBytes(String... args) {
		send(encode(args(args)));
		try {
			int type = this.in.read();
			String line = readLine();
			if (type != '$') {
				throw new IllegalStateException("expected a bulk reply, got " + (char) type + line);
			}
			int n = Integer.parseInt(line);
			if (n < 0) {
				return null;
			}
			byte[] data = this.in.readNBytes(n);
			readLine();
			return data;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public void send(byte[] raw) {
		try {
			this.out.write(raw);
			this.out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public void send(String raw) {
		send(raw.getBytes(StandardCharsets.UTF_8));
	}

	public String readReply() {
		try {
			return read();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Reads and discards whatever the server sent until it closes the connection; false on timeout. */
	public boolean drainUntilClosed(int timeoutMillis) {
		long deadline = System.currentTimeMillis() + timeoutMillis;
		byte[] sink = new byte[64 * 1024];
		try {
			while (System.currentTimeMillis() < deadline) {
				this.socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
				if (this.in.read(sink) == -1) {
					return true;
				}
			}
			return false;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	/** Whether the server closed the connection (EOF within the timeout). */
	public boolean isClosedByServer(int timeoutMillis) {
		try {
			this.socket.setSoTimeout(timeoutMillis);
			return this.in.read() == -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private String read() throws IOException {
		int type = this.in.read();
		if (type == -1) {
			throw new IOException("connection closed");
		}
		String line = readLine();
		switch (type) {
			case '+', '-', ':', ',', '(', '#':
				return (char) type + line;
			case '_':
				return "_";
			case '$', '=':
				int n = Integer.parseInt(line);
				if (n < 0) {
					return "$-1";
				}
				byte[] data = this.in.readNBytes(n);
				readLine();
				return (char) type + "" + n + ":" + new String(data, StandardCharsets.UTF_8);
			case '*', '%', '~', '>':
				int count = Integer.parseInt(line);
				if (count < 0) {
					return "*-1";
				}
				int items = (type == '%') ? count * 2 : count;
				StringBuilder sb = new StringBuilder().append((char) type).append(count).append('[');
				for (int i = 0; i < items; i++) {
					sb.append((i > 0) ? "," : "").append(read());
				}
				return sb.append(']').toString();
			default:
				throw new IOException("unexpected reply type " + (char) type + line);
		}
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int c;
		while ((c = this.in.read()) != -1) {
			if (c == '\r') {
				this.in.read();
				break;
			}
			line.write(c);
		}
		return line.toString(StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closing
		}
	}

}
