package io.cachalot.server.protocol.memcached;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/** Writes memcached replies — ASCII lines and data blocks — into a connection's output buffer. */
public final class McWriter {

	private static final byte[] CRLF = { '\r', '\n' };

	private ByteBuf out;

	public void target(ByteBuf out) {
		this.out = out;
	}

	/** A reply line such as {@code STORED}; CRLF is added. */
	public McWriter line(String text) {
		this.out.writeCharSequence(text, StandardCharsets.US_ASCII);
		this.out.writeBytes(CRLF);
		return this;
	}

	/** Part of a line, written as is. */
	public McWriter text(String text) {
		this.out.writeCharSequence(text, StandardCharsets.US_ASCII);
		return this;
	}

	public McWriter number(long value) {
		return text(Long.toString(value));
	}

	public McWriter unsigned(long value) {
		return text(Long.toUnsignedString(value));
	}

	public McWriter bytes(byte[] bytes) {
		this.out.writeBytes(bytes);
		return this;
	}

	public McWriter endLine() {
		this.out.writeBytes(CRLF);
		return this;
	}

	/** A data block: the bytes and CRLF. */
	public McWriter block(byte[] data) {
		this.out.writeBytes(data);
		this.out.writeBytes(CRLF);
		return this;
	}

	/** {@code VALUE <key> <flags> <bytes> [<cas>]} and the data block, as get / gets answer. */
	public McWriter value(byte[] key, int flags, byte[] data, long cas, boolean withCas) {
		text("VALUE ").bytes(key).text(" ").unsigned(flags & 0xFFFFFFFFL).text(" ").number(data.length);
		if (withCas) {
			text(" ").unsigned(cas);
		}
		endLine();
		return block(data);
	}

}
