package io.cachalot.server.store.rdb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import io.cachalot.server.store.type.EncodingLimits;
import io.cachalot.server.store.type.HashValue;
import io.cachalot.server.store.type.ListValue;
import io.cachalot.server.store.type.SetValue;
import io.cachalot.server.store.type.ZSetValue;

/**
 * Values in Redis's serialization format — what DUMP returns and RESTORE takes, and what an
 * RDB file holds per key: a type byte, the value, then (for a DUMP payload) the RDB version
 * as two little-endian bytes and the CRC-64 of all of it.
 *
 * <p><b>Writing</b> uses the plain encodings every Redis since 2.6 loads (string, list, set,
 * hash, sorted set with binary scores); Redis re-encodes them compactly on load, as it does
 * for its own older files. <b>Reading</b> also takes what Redis 7.0 writes: integer and
 * LZF-compressed strings, quicklists of listpacks, intsets, and listpack-encoded hashes and
 * sorted sets. Not yet: streams, and the ziplist encodings of Redis before 7.0.
 */
public final class ValueCodec {

	/** The RDB version Redis 7.0 writes. */
	public static final int RDB_VERSION = 10;

	static final int TYPE_STRING = 0;

	static final int TYPE_LIST = 1;

	static final int TYPE_SET = 2;

	static final int TYPE_ZSET = 3;

	static final int TYPE_HASH = 4;

	static final int TYPE_ZSET_2 = 5;

	static final int TYPE_SET_INTSET = 11;

	static final int TYPE_HASH_LISTPACK = 16;

	static final int TYPE_ZSET_LISTPACK = 17;

	static final int TYPE_LIST_QUICKLIST_2 = 18;

	private ValueCodec() {
	}

	/** A payload that cannot be restored: {@link #checksum} says whether its version or CRC is wrong. */
	public static final class FormatException extends Exception {

		private static final long serialVersionUID = 1L;

		private final boolean checksum;

		FormatException(String message, boolean checksum) {
			super(message, null, false, false);
			this.checksum = checksum;
		}

		public boolean checksum() {
			return this.checksum;
		}

	}

	// ---- DUMP ------------------------------------------------------------------------------

	/** The DUMP payload of a value; IllegalArgumentException for a type not serializable yet. */
	public static byte[] dump(Object value) {
		Out out = new Out();
		writeValue(out, value);
		out.write(RDB_VERSION & 0xFF);
		out.write(RDB_VERSION >>> 8);
		byte[] body = out.toByteArray();
		long crc = Crc64.update(0, body, 0, body.length);
		for (int i = 0; i < 8; i++) {
			out.write((int) (crc >>> (8 * i)) & 0xFF);
		}
		return out.toByteArray();
	}

	/** The type byte and the value, as an RDB file holds it after the key. */
	static void writeValue(Out out, Object value) {
		switch (value) {
			case byte[] string -> {
				out.write(TYPE_STRING);
				out.string(string);
			}
			case ListValue list -> {
				out.write(TYPE_LIST);
				out.length(list.size());
				for (byte[] element : list.range(0, -1)) {
					out.string(element);
				}
			}
			case SetValue set -> {
				out.write(TYPE_SET);
				out.length(set.size());
				set.forEach(out::string);
			}
			case HashValue hash -> {
				out.write(TYPE_HASH);
				out.length(hash.size());
				hash.forEach((field, v) -> {
					out.string(field);
					out.string(v);
				});
			}
			case ZSetValue zset -> {
				out.write(TYPE_ZSET_2);
				out.length(zset.size());
				for (ZSetValue.Entry e : zset.rangeByRank(0, -1, false)) {
					out.string(e.member());
					out.binaryDouble(e.score());
				}
			}
			default -> throw new IllegalArgumentException(
					"values of type " + value.getClass().getSimpleName() + " cannot be serialized yet");
		}
	}

	/** A growable byte buffer with RDB's length and string encodings. */
	static final class Out extends ByteArrayOutputStream {

		/** RDB's length encoding: 6 bits, 14 bits (big-endian), or a marker then 32 / 64 bits big-endian. */
		void length(long n) {
			if (n < 64) {
				write((int) n);
			}
			else if (n < 16384) {
				write(0x40 | (int) (n >>> 8));
				write((int) n & 0xFF);
			}
			else if (n <= 0xFFFFFFFFL) {
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

		void string(byte[] s) {
			length(s.length);
			write(s, 0, s.length);
		}

		void binaryDouble(double d) {
			long bits = Double.doubleToRawLongBits(d);
			for (int i = 0; i < 8; i++) {
				write((int) (bits >>> (8 * i)) & 0xFF);
			}
		}

	}

	// ---- RESTORE ---------------------------------------------------------------------------

	/** The value of a DUMP payload, its version and checksum verified first. */
	public static Object restore(byte[] payload, EncodingLimits limits) throws FormatException {
		if (payload.length < 10) {
			throw new FormatException("payload too short", true);
		}
		int footer = payload.length - 10;
		int version = (payload[footer] & 0xFF) | ((payload[footer + 1] & 0xFF) << 8);
		long crc = 0;
		for (int i = 0; i < 8; i++) {
			crc |= (payload[footer + 2 + i] & 0xFFL) << (8 * i);
		}
		if (version > RDB_VERSION || crc != Crc64.update(0, payload, 0, footer + 2)) {
			throw new FormatException("DUMP payload version or checksum are wrong", true);
		}
		In in = new In(payload, footer);
		try {
			Object value = readValue(in, in.u8(), limits);
			if (in.pos != footer) {
				throw new FormatException("trailing bytes", false);
			}
			return value;
		}
		catch (IndexOutOfBoundsException | IllegalArgumentException ex) {
			throw new FormatException("Bad data format", false);
		}
	}

	/** A value of RDB type {@code type} from {@code in}. */
	static Object readValue(In in, int type, EncodingLimits limits) throws FormatException {
		switch (type) {
			case TYPE_STRING:
				return in.string();
			case TYPE_LIST: {
				ListValue list = new ListValue(limits);
				for (long n = in.length(); n > 0; n--) {
					list.pushRight(in.string());
				}
				return nonEmpty(list.isEmpty(), list);
			}
			case TYPE_LIST_QUICKLIST_2: {
				ListValue list = new ListValue(limits);
				for (long nodes = in.length(); nodes > 0; nodes--) {
					long container = in.length();
					byte[] node = in.string();
					if (container == 1) {
						list.pushRight(node);
					}
					else if (container == 2) {
						PackedEncodings.forEachListpackEntry(node, list::pushRight);
					}
					else {
						throw new FormatException("unknown quicklist container", false);
					}
				}
				return nonEmpty(list.isEmpty(), list);
			}
			case TYPE_SET: {
				SetValue set = new SetValue(limits);
				for (long n = in.length(); n > 0; n--) {
					set.add(in.string());
				}
				return nonEmpty(set.isEmpty(), set);
			}
			case TYPE_SET_INTSET: {
				SetValue set = new SetValue(limits);
				PackedEncodings.forEachIntsetMember(in.string(), set::add);
				return nonEmpty(set.isEmpty(), set);
			}
			case TYPE_HASH: {
				HashValue hash = new HashValue(limits);
				for (long n = in.length(); n > 0; n--) {
					hash.put(in.string(), in.string());
				}
				return nonEmpty(hash.isEmpty(), hash);
			}
			case TYPE_HASH_LISTPACK: {
				HashValue hash = new HashValue(limits);
				java.util.List<byte[]> entries = new java.util.ArrayList<>();
				PackedEncodings.forEachListpackEntry(in.string(), entries::add);
				pairs(entries, (field, value) -> hash.put(field, value));
				return nonEmpty(hash.isEmpty(), hash);
			}
			case TYPE_ZSET, TYPE_ZSET_2: {
				ZSetValue zset = new ZSetValue(limits);
				for (long n = in.length(); n > 0; n--) {
					byte[] member = in.string();
					double score = (type == TYPE_ZSET_2) ? in.binaryDouble() : in.textDouble();
					if (Double.isNaN(score)) {
						throw new FormatException("NaN score", false);
					}
					zset.put(member, score);
				}
				return nonEmpty(zset.isEmpty(), zset);
			}
			case TYPE_ZSET_LISTPACK: {
				ZSetValue zset = new ZSetValue(limits);
				java.util.List<byte[]> entries = new java.util.ArrayList<>();
				PackedEncodings.forEachListpackEntry(in.string(), entries::add);
				pairs(entries, (member, score) -> zset.put(member, score(score)));
				return nonEmpty(zset.isEmpty(), zset);
			}
			default:
				throw new FormatException("unsupported value type " + type, false);
		}
	}

	/** A score as a listpack holds it: an integer, or text as Redis prints doubles ({@code inf}, {@code -inf}). */
	private static double score(byte[] text) {
		String s = new String(text, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
		double score = switch (s) {
			case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
			case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
			default -> Double.parseDouble(s);
		};
		if (Double.isNaN(score)) {
			throw new IllegalArgumentException("NaN score");
		}
		return score;
	}

	private static Object nonEmpty(boolean empty, Object value) throws FormatException {
		if (empty) {
			throw new FormatException("empty value", false);
		}
		return value;
	}

	private static void pairs(java.util.List<byte[]> entries, java.util.function.BiConsumer<byte[], byte[]> pair)
			throws FormatException {
		if (entries.size() % 2 != 0) {
			throw new FormatException("odd listpack", false);
		}
		for (int i = 0; i < entries.size(); i += 2) {
			pair.accept(entries.get(i), entries.get(i + 1));
		}
	}

	/** A cursor over serialized bytes up to {@code end}, with RDB's encodings. */
	static final class In {

		private final byte[] data;

		private final int end;

		int pos;

		In(byte[] data, int end) {
			this.data = data;
			this.end = end;
		}

		int u8() {
			if (this.pos >= this.end) {
				throw new IndexOutOfBoundsException("past the end");
			}
			return this.data[this.pos++] & 0xFF;
		}

		private long bigEndian(int bytes) {
			long v = 0;
			for (int i = 0; i < bytes; i++) {
				v = (v << 8) | u8();
			}
			return v;
		}

		private long littleEndian(int bytes) {
			long v = 0;
			for (int i = 0; i < bytes; i++) {
				v |= (long) u8() << (8 * i);
			}
			return v;
		}

		/** A length; IllegalArgumentException for a special encoding where a length belongs. */
		long length() {
			int first = u8();
			return switch (first >>> 6) {
				case 0 -> first & 0x3F;
				case 1 -> ((first & 0x3F) << 8) | u8();
				case 2 -> switch (first) {
					case 0x80 -> bigEndian(4);
					case 0x81 -> bigEndian(8);
					default -> throw new IllegalArgumentException("bad length");
				};
				default -> throw new IllegalArgumentException("encoded value where a length belongs");
			};
		}

		/** A string: raw, an integer in 1, 2 or 4 bytes, or LZF-compressed. */
		byte[] string() {
			int first = this.data[this.pos] & 0xFF;
			if ((first >>> 6) != 3) {
				long n = length();
				if (n > this.end - this.pos) {
					throw new IndexOutOfBoundsException("string past the end");
				}
				byte[] s = java.util.Arrays.copyOfRange(this.data, this.pos, this.pos + (int) n);
				this.pos += (int) n;
				return s;
			}
			this.pos++;
			return switch (first & 0x3F) {
				case 0 -> Long.toString((byte) u8()).getBytes(StandardCharsets.US_ASCII);
				case 1 -> Long.toString((short) littleEndian(2)).getBytes(StandardCharsets.US_ASCII);
				case 2 -> Long.toString((int) littleEndian(4)).getBytes(StandardCharsets.US_ASCII);
				case 3 -> {
					long compressed = length();
					long plain = length();
					if (compressed > this.end - this.pos || plain > Integer.MAX_VALUE) {
						throw new IndexOutOfBoundsException("compressed string past the end");
					}
					byte[] c = java.util.Arrays.copyOfRange(this.data, this.pos, this.pos + (int) compressed);
					this.pos += (int) compressed;
					yield Lzf.decompress(c, (int) plain);
				}
				default -> throw new IllegalArgumentException("unknown string encoding");
			};
		}

		double binaryDouble() {
			return Double.longBitsToDouble(littleEndian(8));
		}

		/** A score of the old sorted-set format: a length byte (253 NaN, 254 +inf, 255 -inf) and text. */
		double textDouble() {
			int n = u8();
			return switch (n) {
				case 253 -> Double.NaN;
				case 254 -> Double.POSITIVE_INFINITY;
				case 255 -> Double.NEGATIVE_INFINITY;
				default -> {
					String text = new String(this.data, this.pos, n, StandardCharsets.US_ASCII);
					this.pos += n;
					yield Double.parseDouble(text);
				}
			};
		}

	}

}
