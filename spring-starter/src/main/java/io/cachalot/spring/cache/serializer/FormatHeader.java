package io.cachalot.spring.cache.serializer;

/** The three bytes in front of every stored value: a magic byte, the format and its version. */
final class FormatHeader {

	static final byte MAGIC = (byte) 0xCA;

	static final int LENGTH = 3;

	private FormatHeader() {
	}

	static byte[] prepend(byte format, byte version, byte[] body) {
		byte[] out = new byte[LENGTH + body.length];
		out[0] = MAGIC;
		out[1] = format;
		out[2] = version;
		System.arraycopy(body, 0, out, LENGTH, body.length);
		return out;
	}

	/** Checks the header; throws {@link UnreadableValueException} for another format or version. */
	static void check(byte[] bytes, byte format, byte version) {
		if (bytes.length < LENGTH || bytes[0] != MAGIC || bytes[1] != format || bytes[2] != version) {
			throw new UnreadableValueException("not a value of format '" + (char) format + "' version " + version, null);
		}
	}

}
