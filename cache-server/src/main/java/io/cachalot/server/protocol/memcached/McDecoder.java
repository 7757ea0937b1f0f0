package io.cachalot.server.protocol.memcached;

import io.netty.buffer.ByteBuf;

/**
 * Frames memcached text / meta requests from a connection's input: a line of space-separated
 * tokens ending in LF (CRLF or a bare LF, as memcached accepts), followed for a storage
 * command by a data block of the announced length and CRLF.
 *
 * <p>Framing errors are answered as memcached answers them, and consume what memcached
 * consumes: a storage line that does not parse is rejected alone (its data block is then
 * read as the next command line, an {@code ERROR}); a value larger than the item size limit
 * gets {@code SERVER_ERROR object too large for cache} and its data block is skipped as it
 * arrives, without being buffered; a data block not followed by CRLF is a
 * {@code CLIENT_ERROR bad data chunk}. A line longer than memcached allows without a newline
 * closes the connection.
 */
public final class McDecoder {

	/** Memcached's longest key. */
	public static final int MAX_KEY_LENGTH = 250;

	static final String BAD_FORMAT = "CLIENT_ERROR bad command line format";

	/** Bytes of a rejected data block still to skip. */
	private long swallowing;

	/**
	 * Decodes the request at the reader index of {@code in} into {@code request}. Returns the
	 * number of bytes it takes (the caller skips them once it has run it), or 0 when more input
	 * is needed. Bytes of a rejected data block are skipped here, as they arrive.
	 */
	public int decode(ByteBuf in, McRequest request, int maxItemSize) throws McProtocolException {
		if (this.swallowing > 0) {
			int skip = (int) Math.min(this.swallowing, in.readableBytes());
			in.skipBytes(skip);
			this.swallowing -= skip;
			if (this.swallowing > 0) {
				return 0;
			}
		}
		int start = in.readerIndex();
		int readable = in.readableBytes();
		if (readable == 0) {
			return 0;
		}
		int newline = in.indexOf(start, start + Math.min(readable, McCommand.MAX_RETRIEVAL_LINE), (byte) '\n');
		if (newline < 0) {
			if (readable > McCommand.MAX_RETRIEVAL_LINE || (readable > McCommand.MAX_LINE && !startsRetrieval(in, start))) {
				throw new McProtocolException("line too long");
			}
			return 0;
		}
		int lineEnd = (newline > start && in.getByte(newline - 1) == '\r') ? newline - 1 : newline;
		int lineLength = newline + 1 - start;
		request.reset();
		tokenize(in, start, lineEnd, request);
		if (request.tokenCount == 0) {
			return lineLength;
		}
		McCommand command = McCommand.named(request.tokens[0]);
		request.command = command;
		if (command == null || !command.hasData()) {
			return lineLength;
		}
		long length = storageHeader(command, request);
		if (request.error != null) {
			return lineLength;
		}
		if (length > maxItemSize) {
			request.error = "SERVER_ERROR object too large for cache";
			request.swallowed = true;
			this.swallowing = length + 2;
			return lineLength;
		}
		long total = lineLength + length + 2;
		if (readable < total) {
			return 0;
		}
		int dataStart = start + lineLength;
		byte[] data = new byte[(int) length];
		in.getBytes(dataStart, data);
		request.data = data;
		if (in.getByte(dataStart + (int) length) != '\r' || in.getByte(dataStart + (int) length + 1) != '\n') {
			request.error = "CLIENT_ERROR bad data chunk";
		}
		return (int) total;
	}

	/** Whether a request is partly read (its frame must stay in the buffer). */
	public boolean inFrame() {
		return this.swallowing > 0;
	}

	private static boolean startsRetrieval(ByteBuf in, int start) {
		int n = Math.min(6, in.readableBytes());
		byte[] head = new byte[n];
		in.getBytes(start, head);
		String s = new String(head, java.nio.charset.StandardCharsets.US_ASCII);
		return s.startsWith("get ") || s.startsWith("gets ") || s.startsWith("gat ") || s.startsWith("gats ")
				|| s.startsWith("mg ");
	}

	private static void tokenize(ByteBuf in, int from, int to, McRequest request) {
		int i = from;
		while (i < to) {
			while (i < to && in.getByte(i) == ' ') {
				i++;
			}
			int tokenStart = i;
			while (i < to && in.getByte(i) != ' ') {
				i++;
			}
			if (i > tokenStart) {
				byte[] token = new byte[i - tokenStart];
				in.getBytes(tokenStart, token);
				request.add(token);
			}
		}
	}

	/**
	 * Checks a storage line as memcached does before it reads the data block; returns the
	 * block's length, or sets the request's error. Classic commands get their key, flags,
	 * exptime and CAS checked here (a bad one rejects the line alone); meta set only its
	 * length, its flags being checked once the block is read.
	 */
	private static long storageHeader(McCommand command, McRequest request) {
		int n = request.tokenCount;
		if (command == McCommand.META_SET) {
			if (n < 3) {
				request.error = "ERROR";
				return -1;
			}
			long length = Numbers.parseLong(request.tokens[2]);
			if (length < 0 || length > Integer.MAX_VALUE - 2 || request.tokens[1].length > MAX_KEY_LENGTH * 2) {
				request.error = BAD_FORMAT;
				return -1;
			}
			return length;
		}
		int required = (command == McCommand.CAS) ? 6 : 5;
		if (n != required && n != required + 1) {
			request.error = "ERROR";
			return -1;
		}
		long flags = Numbers.parseFlags(request.tokens[2]);
		long exptime = Numbers.parseInt(request.tokens[3]);
		long length = Numbers.parseInt(request.tokens[4]);
		boolean casValid = command != McCommand.CAS || Numbers.isUnsigned(request.tokens[5]);
		if (request.tokens[1].length > MAX_KEY_LENGTH || flags == Numbers.INVALID || exptime == Numbers.INVALID
				|| length < 0 || length > Integer.MAX_VALUE - 2 || !casValid) {
			request.error = BAD_FORMAT;
			return -1;
		}
		request.flags = (int) flags;
		request.exptime = exptime;
		request.cas = (command == McCommand.CAS) ? Numbers.parseUnsigned(request.tokens[5]) : 0;
		return length;
	}

}
