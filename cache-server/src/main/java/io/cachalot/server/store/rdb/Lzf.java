package io.cachalot.server.store.rdb;

/**
 * LZF decompression, as RDB files and DUMP payloads compress long strings: a literal run
 * ({@code 000LLLLL} then L+1 bytes) or a back reference ({@code LLLooooo oooooooo}, length
 * L+2, or {@code 111ooooo LLLLLLLL oooooooo} for longer ones) into what is already out.
 */
final class Lzf {

	private Lzf() {
	}

	/** The {@code length} bytes that {@code in} decompresses to; IllegalArgumentException when they do not. */
	static byte[] decompress(byte[] in, int length) {
		byte[] out = new byte[length];
		int ip = 0;
		int op = 0;
		while (ip < in.length) {
			int ctrl = in[ip++] & 0xFF;
			if (ctrl < 32) {
				int run = ctrl + 1;
				check(op + run <= length && ip + run <= in.length);
				System.arraycopy(in, ip, out, op, run);
				ip += run;
				op += run;
			}
			else {
				int len = ctrl >>> 5;
				check(ip < in.length);
				if (len == 7) {
					len += in[ip++] & 0xFF;
					check(ip < in.length);
				}
				int ref = op - ((ctrl & 0x1F) << 8) - 1 - (in[ip++] & 0xFF);
				len += 2;
				check(ref >= 0 && op + len <= length);
				for (int i = 0; i < len; i++) {
					out[op++] = out[ref++];
				}
			}
		}
		check(op == length);
		return out;
	}

	private static void check(boolean ok) {
		if (!ok) {
			throw new IllegalArgumentException("corrupt LZF data");
		}
	}

}
