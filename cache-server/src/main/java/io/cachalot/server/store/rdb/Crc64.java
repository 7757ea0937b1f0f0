package io.cachalot.server.store.rdb;

/**
 * Redis's CRC-64 (the Jones polynomial, reflected, initial value 0, no final xor), which
 * checks DUMP payloads and RDB files: {@code crc64("123456789") == 0xe9c6d914c4b8d9ca}.
 */
public final class Crc64 {

	/** The Jones polynomial 0xad93d23594c935a9, bit-reversed for the reflected algorithm. */
	private static final long POLY = 0x95ac9329ac4bc9b5L;

	private static final long[] TABLE = new long[256];

	static {
		for (int n = 0; n < 256; n++) {
			long crc = n;
			for (int k = 0; k < 8; k++) {
				crc = ((crc & 1) != 0) ? (crc >>> 1) ^ POLY : crc >>> 1;
			}
			TABLE[n] = crc;
		}
	}

	private Crc64() {
	}

	/** The CRC of {@code length} bytes of {@code data} from {@code offset}, continuing {@code crc}. */
	public static long update(long crc, byte[] data, int offset, int length) {
		long c = crc;
		for (int i = offset; i < offset + length; i++) {
			c = TABLE[(int) ((c ^ data[i]) & 0xFF)] ^ (c >>> 8);
		}
		return c;
	}

}
