package io.cachalot.server.protocol.resp;

import java.nio.charset.StandardCharsets;

import io.cachalot.server.util.Doubles;
import io.cachalot.server.util.Numbers;
import io.netty.buffer.ByteBuf;

/**
 * Encodes replies into a connection's outbound buffer. Pipelined replies accumulate in the
 * same buffer and leave in one flush when the connection has drained its input (see the
 * channel handler). Frequent replies come from pre-encoded constants.
 */
public final class RespWriter implements Reply {

	private static final byte[] OK = ascii("+OK\r\n");

	private static final byte[] NULL_BULK = ascii("$-1\r\n");

	private static final byte[] NULL_ARRAY = ascii("*-1\r\n");

	private static final byte[] NULL3 = ascii("_\r\n");

	private static final byte[] CRLF = ascii("\r\n");

	private static final int SMALL_INTS = 1024;

	private static final byte[][] INTEGERS = new byte[SMALL_INTS][];

	private static final byte[][] BULK_LENGTHS = new byte[SMALL_INTS][];

	static {
		for (int i = 0; i < SMALL_INTS; i++) {
			INTEGERS[i] = ascii(":" + i + "\r\n");
			BULK_LENGTHS[i] = ascii("$" + i + "\r\n");
		}
	}

	private ByteBuf out;

	private int protocol = 2;

	public void target(ByteBuf out) {
		this.out = out;
	}

	public ByteBuf target() {
		return this.out;
	}

	public void protocol(int protocol) {
		this.protocol = protocol;
	}

	@Override
	public int protocol() {
		return this.protocol;
	}

	@Override
	public void ok() {
		this.out.writeBytes(OK);
	}

	@Override
	public void simple(String text) {
		this.out.writeByte('+');
		writeLine(text);
	}

	@Override
	public void error(String text) {
		this.out.writeByte('-');
		writeLine(text.replace('\r', ' ').replace('\n', ' '));
	}

	@Override
	public void integer(long value) {
		if (value >= 0 && value < SMALL_INTS) {
			this.out.writeBytes(INTEGERS[(int) value]);
			return;
		}
		this.out.writeByte(':');
		this.out.writeBytes(Numbers.toBytes(value));
		this.out.writeBytes(CRLF);
	}

	@Override
	public void bulk(byte[] value) {
		if (value == null) {
			nullBulk();
			return;
		}
		int n = value.length;
		if (n < SMALL_INTS) {
			this.out.writeBytes(BULK_LENGTHS[n]);
		}
		else {
			header('$', n);
		}
		this.out.writeBytes(value);
		this.out.writeBytes(CRLF);
	}

	@Override
	public void bulk(String value) {
		bulk(value.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public void nullBulk() {
		this.out.writeBytes(this.protocol == 3 ? NULL3 : NULL_BULK);
	}

	@Override
	public void nullArray() {
		this.out.writeBytes(this.protocol == 3 ? NULL3 : NULL_ARRAY);
	}

	@Override
	public void array(int length) {
		header('*', length);
	}

	@Override
	public void map(int entries) {
		if (this.protocol == 3) {
			header('%', entries);
		}
		else {
			header('*', entries * 2);
		}
	}

	@Override
	public void set(int length) {
		header(this.protocol == 3 ? '~' : '*', length);
	}

	@Override
	public void push(int length) {
		header(this.protocol == 3 ? '>' : '*', length);
	}

	@Override
	public void doubleValue(double value) {
		String text = Doubles.format17g(value);
		if (this.protocol == 3) {
			this.out.writeByte(',');
			writeLine(text);
		}
		else {
			bulk(text);
		}
	}

	@Override
	public void bool(boolean value) {
		if (this.protocol == 3) {
			this.out.writeBytes(value ? ascii("#t\r\n") : ascii("#f\r\n"));
		}
		else {
			integer(value ? 1 : 0);
		}
	}

	@Override
	public void bigNumber(String digits) {
		if (this.protocol == 3) {
			this.out.writeByte('(');
			writeLine(digits);
		}
		else {
			bulk(digits);
		}
	}

	@Override
	public void verbatim(String text) {
		if (this.protocol == 3) {
			byte[] body = text.getBytes(StandardCharsets.UTF_8);
			header('=', body.length + 4);
			this.out.writeBytes(ascii("txt:"));
			this.out.writeBytes(body);
			this.out.writeBytes(CRLF);
		}
		else {
			bulk(text);
		}
	}

	private void header(char type, long n) {
		this.out.writeByte(type);
		this.out.writeBytes(Numbers.toBytes(n));
		this.out.writeBytes(CRLF);
	}

	private void writeLine(String text) {
		this.out.writeCharSequence(text, StandardCharsets.UTF_8);
		this.out.writeBytes(CRLF);
	}

	private static byte[] ascii(String s) {
		return s.getBytes(StandardCharsets.US_ASCII);
	}

}
