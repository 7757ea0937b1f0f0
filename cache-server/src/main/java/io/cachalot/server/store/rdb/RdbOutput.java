package io.cachalot.server.store.rdb;

import java.io.ByteArrayOutputStream;

/** A growable byte buffer with RDB's length, string and double encodings. */
public final class RdbOutput extends ByteArrayOutputStream {

	/** RDB's length encoding: 6 bits, 14 bits (big-endian), or a marker then 32 / 64 bits big-endian. */
	public void length(long n) {
		if (Long.compareUnsigned(n, 64) < 0) {
			write((int) n);
		}
		else if (Long.compareUnsigned(n, 16384) < 0) {
			write(0x40 | (int) (n >>> 8));
			write((int) n & 0xFF);
		}
		else if (Long.compareUnsigned(n, 0xFFFFFFFFL) <= 0) {
			write(0x80);
			for (int shift = 24; shift >= 0; shift -= 8) {
				write((int) (n >>> shift) & 0xFF);
			}
		}
		else {
			write(0x81);
			for (int shift = 56; shift >= 0; shift -= 8) {
				write((int) (n >>> shift) & 0xFF);
			}
		}
	}

	public void string(byte[] s) {
		length(s.length);
		write(s, 0, s.length);
	}

	/** A number as 8 little-endian bytes (millisecond times in RDB). */
	public void littleEndian64(long v) {
		for (int i = 0; i < 8; i++) {
			write((int) (v >>> (8 * i)) & 0xFF);
		}
	}

	public void binaryDouble(double d) {
		long bits = Double.doubleToRawLongBits(d);
		for (int i = 0; i < 8; i++) {
			write((int) (bits >>> (8 * i)) & 0xFF);
		}
	}

}
