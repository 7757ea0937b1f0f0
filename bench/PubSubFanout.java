import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * PUBLISH fan-out: one publisher, N subscribers of one channel. Prints the messages delivered
 * per second (messages x subscribers / time from the first PUBLISH until every subscriber
 * has read every message) and the publisher's rate. No dependencies:
 * {@code java bench/PubSubFanout.java <port> [subscribers=50] [messages=200000] [payload=64]}.
 */
public class PubSubFanout {

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int subscribers = args.length > 1 ? Integer.parseInt(args[1]) : 50;
		int messages = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
		int payloadSize = args.length > 3 ? Integer.parseInt(args[3]) : 64;
		String channel = "fanout-bench";
		byte[] payload = "x".repeat(payloadSize).getBytes(StandardCharsets.US_ASCII);
		long frame = ("*3\r\n$7\r\nmessage\r\n$" + channel.length() + "\r\n" + channel + "\r\n$" + payloadSize + "\r\n").length()
				+ payloadSize + 2L;
		long expectedBytes = frame * messages;

		// subscribers are read by one selector thread, so the client costs little next to the server
		Selector selector = Selector.open();
		List<SocketChannel> sockets = new ArrayList<>();
		for (int i = 0; i < subscribers; i++) {
			SocketChannel s = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
			s.setOption(StandardSocketOptions.TCP_NODELAY, true);
			s.write(ByteBuffer.wrap(command("SUBSCRIBE", channel)));
			ByteBuffer confirm = ByteBuffer.allocate(
					("*3\r\n$9\r\nsubscribe\r\n$" + channel.length() + "\r\n" + channel + "\r\n:1\r\n").length());
			while (confirm.hasRemaining()) {
				if (s.read(confirm) < 0) {
					throw new IOException("subscriber disconnected");
				}
			}
			s.configureBlocking(false);
			s.register(selector, SelectionKey.OP_READ, new long[1]);
			sockets.add(s);
		}
		CountDownLatch done = new CountDownLatch(1);
		Thread reader = new Thread(() -> {
			ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
			int complete = 0;
			try {
				while (complete < subscribers) {
					selector.select();
					for (SelectionKey key : selector.selectedKeys()) {
						long[] got = (long[]) key.attachment();
						int n;
						while ((n = ((SocketChannel) key.channel()).read(buf.clear())) > 0) {
							got[0] += n;
						}
						if (n < 0) {
							throw new IOException("subscriber disconnected after " + got[0] + " bytes");
						}
						if (got[0] >= expectedBytes && key.isValid()) {
							key.cancel();
							complete++;
						}
					}
					selector.selectedKeys().clear();
				}
			}
			catch (IOException ex) {
				System.err.println(ex.getMessage());
			}
			done.countDown();
		});
		reader.setDaemon(true);
		reader.start();

		try (Socket pub = new Socket("127.0.0.1", port)) {
			pub.setTcpNoDelay(true);
			OutputStream out = pub.getOutputStream();
			InputStream in = pub.getInputStream();
			byte[] one = command("PUBLISH".getBytes(), channel.getBytes(), payload);
			int batch = 64;
			byte[] many = new byte[one.length * batch];
			for (int i = 0; i < batch; i++) {
				System.arraycopy(one, 0, many, i * one.length, one.length);
			}
			int replyLength = (":" + subscribers + "\r\n").length();
			long start = System.nanoTime();
			int sent = 0;
			while (sent < messages) {
				int n = Math.min(batch, messages - sent);
				out.write(many, 0, n * one.length);
				readFully(in, (long) n * replyLength);
				sent += n;
			}
			long published = System.nanoTime() - start;
			if (!done.await(300, TimeUnit.SECONDS)) {
				throw new IllegalStateException("subscribers did not receive everything");
			}
			long elapsed = System.nanoTime() - start;
			System.out.printf("%d,%d%n", Math.round((double) messages * subscribers / (elapsed / 1e9)),
					Math.round(messages / (published / 1e9)));
		}
		for (SocketChannel s : sockets) {
			s.close();
		}
	}

	private static void readFully(InputStream in, long bytes) throws IOException {
		byte[] buf = new byte[8192];
		long left = bytes;
		while (left > 0) {
			int n = in.read(buf, 0, (int) Math.min(buf.length, left));
			if (n < 0) {
				throw new IOException("connection closed");
			}
			left -= n;
		}
	}

	private static byte[] command(String... args) {
		byte[][] b = new byte[args.length][];
		for (int i = 0; i < args.length; i++) {
			b[i] = args[i].getBytes(StandardCharsets.UTF_8);
		}
		return command(b);
	}

	private static byte[] command(byte[]... args) {
		StringBuilder head = new StringBuilder();
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		head.append('*').append(args.length).append("\r\n");
		out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
		for (byte[] a : args) {
			out.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.writeBytes(a);
			out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		return out.toByteArray();
	}

}
