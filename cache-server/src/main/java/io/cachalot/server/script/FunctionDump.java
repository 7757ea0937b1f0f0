package io.cachalot.server.script;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.command.CommandException;

/**
 * FUNCTION DUMP / RESTORE's payload in Redis 7.0's format, so a dump moves between Cachalot
 * and Redis either way: each library as opcode 245 and its code as an RDB string, then the
 * RDB version (10) and a CRC64 (Jones polynomial, as Redis's {@code crc64}), little-endian.
 * Reading accepts the RDB string encodings Redis writes (plain, integer, LZF-compressed).
 */
public final class FunctionDump {

	private static final int OPCODE_FUNCTION2 = 245;

	private static final int RDB_VERSION = 10;

	private static final String BAD_PAYLOAD = "ERR DUMP payload version or checksum are wrong";

	private static final long[] CRC_TABLE = new long[256];

	static {
		long poly = 0x95ac9329ac4bc9b5L; // 0xad93d23594c935a9 bit-reversed
		for (int i = 0; i < 256; i++) {
			long crc = i;
			for (int b = 0; b < 8; b++) {
				crc = ((crc & 1) != 0) ? (crc >>> 1) ^ poly : crc >>> 1;
			}
			CRC_TABLE[i] = crc;
		}
	}

	private FunctionDump() {
	}

	public static byte[] encode(List<byte[]> libraryCodes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] code : libraryCodes) {
			out.write(OPCODE_FUNCTION2);
			writeLength(out, code.length);
			out.writeBytes(code);
		}
		out.write(RDB_VERSION & 0xff);
		out.write(RDB_VERSION >>> 8);
		long crc = crc64(0, out.toByteArray());
		for (int i = 0; i < 8; i++) {
			out.write((int) (crc >>> (8 * i)));
		}
		return out.toByteArray();
	}

	/** The library codes in a payload; Redis's error when it is damaged or from a newer version. */
	public static List<byte[]> decode(byte[] payload) {
		if (payload.length < 10) {
			throw new CommandException(BAD_PAYLOAD);
		}
		int end = payload.length - 10;
		int version = (payload[end] & 0xff) | ((payload[end + 1] & 0xff) << 8);
		long crc = 0;
		for (int i = 0; i < 8; i++) {
			crc |= (payload[end + 2 + i] & 0xffL) << (8 * i);
		}
		if (version > RDB_VERSION || crc != crc64(0, java.util.Arrays.copyOf(payload, end + 2))) {
			throw new CommandException(BAD_PAYLOAD);
		}
		List<byte[]> codes = new ArrayList<>();
		int[] pos = { 0 };
		try {
			while (pos[0] < end) {
				if ((payload[pos[0]++] & 0xff) != OPCODE_FUNCTION2) {
					throw new CommandException("ERR given type is not a function");
				}
				codes.add(readString(payload, pos));
			}
		}
		catch (ArrayIndexOutOfBoundsException | NegativeArraySizeException ex) {
			throw new CommandException(BAD_PAYLOAD);
		}
		return codes;
	}

	static long crc64(long crc, byte[] data) {
		for (byte b : data) {
			crc = CRC_TABLE[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
		}
		return crc;
	}

	private static void writeLength(ByteArrayOutputStream out, int length) {
		if (length < 64) {
			out.write(length);
		}
		else if (length < 16384) {
			out.write(0x40 | (length >>> 8));
			out.write(length & 0xff);
		}
		else {
			out.write(0x80);
			for (int shift = 24; shift >= 0; shift -= 8) {
				out.write(length >>> shift);
			}
		}
	}

	/** An RDB length; for a special encoding returns {@code -1 - encoding}. */
	private static long readLength(byte[] in, int[] pos) {
		int first = in[pos[0]++] & 0xff;
		switch (first >>> 6) {
			case 0:
				return first & 0x3f;
			case 1:
				return ((first & 0x3f) << 8) | (in[pos[0]++] & 0xff);
			case 2: {
				int bytes = (first == 0x80) ? 4 : 8;
				long v = 0;
				for (int i = 0; i < bytes; i++) {
					v = (v << 8) | (in[pos[0]++] & 0xff);
				}
				return v;
			}
			default:
				return -1 - (first & 0x3f);
		}
	}

	private static byte[] readString(byte[] in, int[] pos) {
		long len = readLength(in, pos);
		if (len >= 0) {
			byte[] s = java.util.Arrays.copyOfRange(in, pos[0], pos[0] + (int) len);
			pos[0] += (int) len;
			return s;
		}
		int encoding = (int) (-1 - len);
		if (encoding <= 2) {
			int bytes = 1 << encoding;
			long v = 0;
			for (int i = 0; i < bytes; i++) {
				v |= (in[pos[0]++] & 0xffL) << (8 * i);
			}
			v = (v << (64 - 8 * bytes)) >> (64 - 8 * bytes);
			return Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		}
		if (encoding == 3) {
			int compressed = (int) readLength(in, pos);
			int plain = (int) readLength(in, pos);
			byte[] out = lzfDecompress(in, pos[0], compressed, plain);
			pos[0] += compressed;
			return out;
		}
		throw new CommandException(BAD_PAYLOAD);
	}

	/** LZF (liblzf) decompression, the compression RDB strings use. */
	static byte[] lzfDecompress(byte[] in, int offset, int length, int plainLength) {
		byte[] out = new byte[plainLength];
		int ip = offset;
		int end = offset + length;
		int op = 0;
		while (ip < end) {
			int ctrl = in[ip++] & 0xff;
			if (ctrl < 32) {
				int run = ctrl + 1;
				System.arraycopy(in, ip, out, op, run);
				ip += run;
				op += run;
			}
			else {
				int len = ctrl >>> 5;
				int ref = op - ((ctrl & 0x1f) << 8) - 1;
				if (len == 7) {
					len += in[ip++] & 0xff;
				}
				ref -= in[ip++] & 0xff;
				len += 2;
				if (ref < 0) {
					throw new CommandException(BAD_PAYLOAD);
				}
				for (int i = 0; i < len; i++) {
					out[op++] = out[ref++];
				}
			}
		}
		if (op != plainLength) {
			throw new CommandException(BAD_PAYLOAD);
		}
		return out;
	}

}
