package io.cachalot.server.store.rdb;

/**
 * The envelope of DUMP and FUNCTION DUMP payloads: the serialized body, then the RDB version
 * as two little-endian bytes and the CRC-64 of body and version, little-endian.
 */
public final class DumpPayload {

	/** The RDB version Redis 7.0 writes. */
	public static final int RDB_VERSION = 10;

	private static final int FOOTER = 10;

	private DumpPayload() {
	}

	/** The body written so far, sealed with the version and checksum. */
	public static byte[] seal(RdbOutput body) {
		body.write(RDB_VERSION & 0xFF);
		body.write(RDB_VERSION >>> 8);
		byte[] bytes = body.toByteArray();
		long crc = Crc64.update(0, bytes, 0, bytes.length);
		for (int i = 0; i < 8; i++) {
			body.write((int) (crc >>> (8 * i)) & 0xFF);
		}
		return body.toByteArray();
	}

	/**
	 * A reader over the payload's body, or null when the payload is too short, from a newer RDB
	 * version, or damaged (its checksum does not match).
	 */
	public static RdbInput open(byte[] payload) {
		if (payload.length < FOOTER) {
			return null;
		}
		int end = payload.length - FOOTER;
		int version = (payload[end] & 0xFF) | ((payload[end + 1] & 0xFF) << 8);
		long crc = 0;
		for (int i = 0; i < 8; i++) {
			crc |= (payload[end + 2 + i] & 0xFFL) << (8 * i);
		}
		if (version > RDB_VERSION || crc != Crc64.update(0, payload, 0, end + 2)) {
			return null;
		}
		return new RdbInput(payload, end);
	}

}
