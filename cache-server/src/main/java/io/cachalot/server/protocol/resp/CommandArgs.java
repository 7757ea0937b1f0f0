package io.cachalot.server.protocol.resp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.cachalot.server.store.KeyHash;
import io.cachalot.server.util.Numbers;
import io.netty.buffer.ByteBuf;

/**
 * The arguments of one command. Arguments decoded from the network are slices of the
 * connection's inbound buffer (offset + length, no copy); arguments built by the server itself
 * (inline commands, queued MULTI commands, script calls) are backed by byte arrays. Handlers
 * copy only what they keep ({@link #bytes(int)}) and compare keywords in place
 * ({@link #is(int, String)}).
 */
public final class CommandArgs {

	private ByteBuf buffer;

	private int base;

	private int[] offsets = new int[8];

	private int[] lengths = new int[8];

	private byte[][] arrays;

	private int count;

	public CommandArgs() {
	}

	public static CommandArgs of(byte[]... args) {
		CommandArgs a = new CommandArgs();
		a.resetArrays(args, args.length);
		return a;
	}

	public static CommandArgs of(String... args) {
		byte[][] bytes = new byte[args.length][];
		for (int i = 0; i < args.length; i++) {
			bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
		}
		return of(bytes);
	}

	void resetSlices(ByteBuf buffer, int base, int[] offsets, int[] lengths, int count) {
		this.buffer = buffer;
		this.base = base;
		this.offsets = offsets;
		this.lengths = lengths;
		this.arrays = null;
		this.count = count;
	}

	void resetArrays(byte[][] args, int count) {
		this.buffer = null;
		this.arrays = args;
		this.count = count;
	}

	public int count() {
		return this.count;
	}

	public int length(int i) {
		check(i);
		return (this.arrays != null) ? this.arrays[i].length : this.lengths[i];
	}

	/** A copy of argument {@code i}. */
	public byte[] bytes(int i) {
		check(i);
		if (this.arrays != null) {
			return this.arrays[i];
		}
		byte[] out = new byte[this.lengths[i]];
		this.buffer.getBytes(this.base + this.offsets[i], out);
		return out;
	}

	public byte byteAt(int i, int index) {
		return (this.arrays != null) ? this.arrays[i][index] : this.buffer.getByte(this.base + this.offsets[i] + index);
	}

	public String string(int i) {
		return new String(bytes(i), StandardCharsets.UTF_8);
	}

	/** Argument {@code i} as text with ASCII letters lowered: command names and keywords. */
	public String lower(int i) {
		int len = length(i);
		char[] chars = new char[len];
		for (int k = 0; k < len; k++) {
			int b = byteAt(i, k) & 0xFF;
			chars[k] = (char) ((b >= 'A' && b <= 'Z') ? b + 32 : b);
		}
		return new String(chars);
	}

	/** Whether argument {@code i} equals the ASCII keyword, ignoring case. */
	public boolean is(int i, String keyword) {
		if (i >= this.count || length(i) != keyword.length()) {
			return false;
		}
		for (int k = 0; k < keyword.length(); k++) {
			int b = byteAt(i, k);
			if (b >= 'a' && b <= 'z') {
				b -= 32;
			}
			int c = keyword.charAt(k);
			if (c >= 'a' && c <= 'z') {
				c -= 32;
			}
			if (b != c) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Parses argument {@code i} as a signed 64-bit integer with Redis's strict rules (no
	 * sign other than a leading '-', no spaces, no leading zeros).
	 * @throws NumberFormatException when it is not one
	 */
	public long longValue(int i) {
		check(i);
		if (this.arrays != null) {
			return Numbers.parseLong(this.arrays[i], 0, this.arrays[i].length);
		}
		return Numbers.parseLong(this.buffer, this.base + this.offsets[i], this.lengths[i]);
	}

	/** {@link KeyHash} of argument {@code i}, computed in place. */
	public int hash(int i) {
		check(i);
		if (this.arrays != null) {
			return KeyHash.hash(this.arrays[i]);
		}
		return KeyHash.hash(this.buffer, this.base + this.offsets[i], this.lengths[i]);
	}

	/** Copies of all arguments, for commands that outlive the inbound buffer (MULTI queue). */
	public CommandArgs detach() {
		byte[][] copy = new byte[this.count][];
		for (int i = 0; i < this.count; i++) {
			copy[i] = bytes(i);
		}
		CommandArgs a = new CommandArgs();
		a.resetArrays(copy, this.count);
		return a;
	}

	/** Arguments {@code from..count-1} as arrays. */
	public byte[][] copyRange(int from) {
		byte[][] out = new byte[Math.max(0, this.count - from)][];
		for (int i = from; i < this.count; i++) {
			out[i - from] = bytes(i);
		}
		return out;
	}

	private void check(int i) {
		if (i < 0 || i >= this.count) {
			throw new IndexOutOfBoundsException(i);
		}
	}

	@Override
	public String toString() {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < this.count; i++) {
			sb.append(i == 0 ? "" : " ").append('"').append(string(i)).append('"');
		}
		return sb.toString();
	}

	@Override
	public boolean equals(Object o) {
		if (!(o instanceof CommandArgs other) || other.count != this.count) {
			return false;
		}
		for (int i = 0; i < this.count; i++) {
			if (!Arrays.equals(bytes(i), other.bytes(i))) {
				return false;
			}
		}
		return true;
	}

	@Override
	public int hashCode() {
		return this.count;
	}

}
