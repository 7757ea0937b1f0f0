package io.cachalot.server.protocol.resp;

import java.util.List;

import io.cachalot.server.util.ArgSplitter;
import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Incremental decoder of client requests: RESP multibulk frames ({@code *N\r\n$len\r\n...})
 * and inline commands ({@code PING\r\n}, what {@code nc} and {@code telnet} send).
 *
 * <p>The decoder never copies an argument: it records the offset and length of each bulk
 * string relative to the start of the frame, and leaves the buffer's reader index at that
 * start until the whole frame has arrived. Progress within a frame is kept, so a frame that
 * arrives in many pieces (a huge MSET, a 512 MB value) is scanned once, not once per piece.
 *
 * <p>Limits and error texts follow Redis's {@code processMultibulkBuffer} and
 * {@code processInlineBuffer}: a violation throws {@link ProtocolException} and the
 * connection is closed after the error reply.
 */
public final class RespDecoder {

	/** Longest line (count header or inline command) accepted without its CRLF. */
	static final int MAX_INLINE = 64 * 1024;

	private static final int UNAUTHENTICATED_MAX_COUNT = 10;

	private static final int UNAUTHENTICATED_MAX_BULK = 16384;

	private long maxBulkLength;

	private boolean authenticated = true;

	/** Number of arguments of the frame in progress; -1 before its header is read. */
	private int argc = -1;

	private int argIndex;

	/** Pending bulk length of argument {@code argIndex}, -1 when its header is unread. */
	private int bulkLength = -1;

	/** Resume position, relative to the frame start. */
	private int position;

	private int[] offsets = new int[16];

	private int[] lengths = new int[16];

	public RespDecoder(long maxBulkLength) {
		this.maxBulkLength = maxBulkLength;
	}

	public void maxBulkLength(long maxBulkLength) {
		this.maxBulkLength = maxBulkLength;
	}

	/** Unauthenticated clients get Redis's small frame limits. */
	public void authenticated(boolean authenticated) {
		this.authenticated = authenticated;
	}

	/** Whether a frame has been started but not finished. */
	public boolean inFrame() {
		return this.argc >= 0;
	}

	/**
	 * Decodes the next command from {@code buf} (starting at its reader index) into
	 * {@code out}. Returns the frame's size in bytes when a command is complete (the caller
	 * advances the reader index by it after executing the command), 0 when more data is
	 * needed, and a negative size for a frame that holds no command (empty multibulk or empty
	 * inline line), which the caller skips.
	 */
	public int decode(ByteBuf buf, CommandArgs out) {
		int start = buf.readerIndex();
		int available = buf.readableBytes();
		if (available == 0) {
			return 0;
		}
		if (this.argc < 0 && buf.getByte(start) != '*') {
			return decodeInline(buf, start, available, out);
		}
		if (this.argc < 0) {
			int eol = findCr(buf, start + 1, available - 1);
			if (eol < 0) {
				if (available > MAX_INLINE) {
					throw new ProtocolException("Protocol error: too big mbulk count string");
				}
				return 0;
			}
			if (eol + 1 >= start + available) {
				return 0;
			}
			long count = parseCount(buf, start + 1, eol - start - 1, "Protocol error: invalid multibulk length");
			if (count > Integer.MAX_VALUE) {
				throw new ProtocolException("Protocol error: invalid multibulk length");
			}
			if (!this.authenticated && count > UNAUTHENTICATED_MAX_COUNT) {
				throw new ProtocolException("Protocol error: unauthenticated multibulk length");
			}
			int headerEnd = eol + 2 - start;
			if (count <= 0) {
				return -headerEnd;
			}
			this.argc = (int) count;
			this.argIndex = 0;
			this.bulkLength = -1;
			this.position = headerEnd;
			ensureCapacity(Math.min(this.argc, 1024));
		}
		while (this.argIndex < this.argc) {
			int pos = start + this.position;
			int remaining = available - this.position;
			if (this.bulkLength < 0) {
				if (remaining <= 0) {
					return 0;
				}
				byte type = buf.getByte(pos);
				if (type != '$') {
					throw new ProtocolException("Protocol error: expected '$', got '" + (char) (type & 0xFF) + "'");
				}
				int eol = findCr(buf, pos + 1, remaining - 1);
				if (eol < 0) {
					if (remaining > MAX_INLINE) {
						throw new ProtocolException("Protocol error: too big bulk count string");
					}
					return 0;
				}
				if (eol + 1 >= start + available) {
					return 0;
				}
				long len = parseCount(buf, pos + 1, eol - pos - 1, "Protocol error: invalid bulk length");
				if (len < 0 || len > this.maxBulkLength) {
					throw new ProtocolException("Protocol error: invalid bulk length");
				}
				if (!this.authenticated && len > UNAUTHENTICATED_MAX_BULK) {
					throw new ProtocolException("Protocol error: unauthenticated bulk length");
				}
				this.bulkLength = (int) len;
				this.position = eol + 2 - start;
				remaining = available - this.position;
			}
			if (remaining < (long) this.bulkLength + 2) {
				return 0;
			}
			ensureCapacity(this.argIndex + 1);
			this.offsets[this.argIndex] = this.position;
			this.lengths[this.argIndex] = this.bulkLength;
			this.position += this.bulkLength + 2;
			this.argIndex++;
			this.bulkLength = -1;
		}
		int size = this.position;
		out.resetSlices(buf, start, this.offsets, this.lengths, this.argc);
		this.argc = -1;
		this.position = 0;
		return size;
	}

	private int decodeInline(ByteBuf buf, int start, int available, CommandArgs out) {
		int lf = buf.indexOf(start, start + available, (byte) '\n');
		if (lf < 0) {
			if (available > MAX_INLINE) {
				throw new ProtocolException("Protocol error: too big inline request");
			}
			return 0;
		}
		int end = lf;
		if (end > start && buf.getByte(end - 1) == '\r') {
			end--;
		}
		byte[] line = new byte[end - start];
		buf.getBytes(start, line);
		List<byte[]> args = ArgSplitter.split(line);
		if (args == null) {
			throw new ProtocolException("Protocol error: unbalanced quotes in request");
		}
		int size = lf + 1 - start;
		if (args.isEmpty()) {
			return -size;
		}
		out.resetArrays(args.toArray(new byte[0][]), args.size());
		return size;
	}

	private static int findCr(ByteBuf buf, int from, int length) {
		if (length <= 0) {
			return -1;
		}
		return buf.forEachByte(from, length, ByteProcessor.FIND_CR);
	}

	/** A count or length header: digits (optionally one leading '-') read in place, Redis's rules. */
	private static long parseCount(ByteBuf buf, int index, int len, String error) {
		if (len <= 0 || len > 20) {
			throw new ProtocolException(error);
		}
		boolean negative = buf.getByte(index) == '-';
		int i = negative ? 1 : 0;
		if (i == len || (buf.getByte(index + i) == '0' && (len > i + 1 || negative))) {
			throw new ProtocolException(error);
		}
		long n = 0;
		for (; i < len; i++) {
			int d = buf.getByte(index + i) - '0';
			if (d < 0 || d > 9 || n > (Long.MAX_VALUE - d) / 10) {
				throw new ProtocolException(error);
			}
			n = n * 10 + d;
		}
		return negative ? -n : n;
	}

	private void ensureCapacity(int n) {
		if (n > this.offsets.length) {
			int size = Math.max(n, this.offsets.length * 2);
			this.offsets = java.util.Arrays.copyOf(this.offsets, size);
			this.lengths = java.util.Arrays.copyOf(this.lengths, size);
		}
	}

}
