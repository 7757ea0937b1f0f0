package io.cachalot.server.protocol.memcached;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One decoded request: the tokens of its line (the command first) and, for a storage command,
 * its data block. Reused by a connection from one request to the next. A request whose line
 * could not be framed carries the {@link #error} to answer with instead.
 */
public final class McRequest {

	McCommand command;

	byte[][] tokens = new byte[8][];

	int tokenCount;

	byte[] data;

	String error;

	/** A classic storage command's flags, exptime and (cas) CAS value, checked by the decoder. */
	int flags;

	long exptime;

	long cas;

	/** A data block to skip after answering {@link #error} (memcached swallows a rejected value). */
	boolean swallowed;

	void reset() {
		this.command = null;
		Arrays.fill(this.tokens, 0, this.tokenCount, null);
		this.tokenCount = 0;
		this.data = null;
		this.error = null;
		this.swallowed = false;
	}

	void add(byte[] token) {
		if (this.tokenCount == this.tokens.length) {
			this.tokens = Arrays.copyOf(this.tokens, this.tokenCount * 2);
		}
		this.tokens[this.tokenCount++] = token;
	}

	/** The command, null for an unknown one (answered {@code ERROR}). */
	public McCommand command() {
		return this.command;
	}

	/** The line's tokens, the command's name being token 0. */
	public int tokenCount() {
		return this.tokenCount;
	}

	public byte[] token(int i) {
		return this.tokens[i];
	}

	public String text(int i) {
		return new String(this.tokens[i], StandardCharsets.US_ASCII);
	}

	/** The storage command's value, without its trailing CRLF. */
	public byte[] data() {
		return this.data;
	}

	public int flags() {
		return this.flags;
	}

	public long exptime() {
		return this.exptime;
	}

	public long cas() {
		return this.cas;
	}

	/** Whether the data block was rejected unread (too large); a SET then drops the old item. */
	public boolean swallowed() {
		return this.swallowed;
	}

	/** The reply for a request that could not be framed, or null. */
	public String error() {
		return this.error;
	}

	/** Whether the last token is {@code noreply}. */
	public boolean noreply() {
		return this.tokenCount > 1 && Arrays.equals(this.tokens[this.tokenCount - 1], NOREPLY);
	}

	private static final byte[] NOREPLY = "noreply".getBytes(StandardCharsets.US_ASCII);

}
