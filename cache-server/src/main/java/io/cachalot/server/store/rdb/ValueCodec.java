package io.cachalot.server.store.rdb;

import java.nio.charset.StandardCharsets;

import io.cachalot.server.store.type.EncodingLimits;
import io.cachalot.server.store.type.HashValue;
import io.cachalot.server.store.type.ListValue;
import io.cachalot.server.store.type.SetValue;
import io.cachalot.server.store.type.StreamValue;
import io.cachalot.server.store.type.ZSetValue;

/**
 * Values in Redis's serialization format — what DUMP returns and RESTORE takes, and what an
 * RDB file holds per key: a type byte, the value, then (for a DUMP payload) the RDB version
 * as two little-endian bytes and the CRC-64 of all of it.
 *
 * <p><b>Writing</b> uses the plain encodings every Redis since 2.6 loads (string, list, set,
 * hash, sorted set with binary scores); Redis re-encodes them compactly on load, as it does
 * for its own older files; streams are written as Redis 7.0 writes them ({@link StreamCodec}).
 * <b>Reading</b> also takes what Redis 7.0 writes: integer and LZF-compressed strings,
 * quicklists of listpacks, intsets, and listpack-encoded hashes and sorted sets. Not yet: the
 * ziplist encodings of Redis before 7.0.
 */
public final class ValueCodec {

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

	static final int TYPE_STREAM_LISTPACKS = 15;

	static final int TYPE_STREAM_LISTPACKS_2 = 19;

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
		RdbOutput out = new RdbOutput();
		writeValue(out, value);
		return DumpPayload.seal(out);
	}

	/** The type byte and the value, as an RDB file holds it after the key. */
	static void writeValue(RdbOutput out, Object value) {
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
			case StreamValue stream -> {
				out.write(TYPE_STREAM_LISTPACKS_2);
				StreamCodec.write(out, stream);
			}
			default -> throw new IllegalArgumentException(
					"values of type " + value.getClass().getSimpleName() + " cannot be serialized yet");
		}
	}

	// ---- RESTORE ---------------------------------------------------------------------------

	/** The value of a DUMP payload, its version and checksum verified first. */
	public static Object restore(byte[] payload, EncodingLimits limits) throws FormatException {
		RdbInput in = DumpPayload.open(payload);
		if (in == null) {
			throw new FormatException("DUMP payload version or checksum are wrong", true);
		}
		try {
			Object value = readValue(in, in.u8(), limits);
			if (!in.atEnd()) {
				throw new FormatException("trailing bytes", false);
			}
			return value;
		}
		catch (IndexOutOfBoundsException | IllegalArgumentException ex) {
			throw new FormatException("Bad data format", false);
		}
	}

	/** A value of RDB type {@code type} from {@code in}. */
	static Object readValue(RdbInput in, int type, EncodingLimits limits) throws FormatException {
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
			case TYPE_STREAM_LISTPACKS, TYPE_STREAM_LISTPACKS_2:
				return StreamCodec.read(in, type == TYPE_STREAM_LISTPACKS_2);
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

}
