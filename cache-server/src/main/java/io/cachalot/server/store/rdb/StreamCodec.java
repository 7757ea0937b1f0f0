package io.cachalot.server.store.rdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cachalot.server.store.type.ConsumerGroup;
import io.cachalot.server.store.type.StreamValue;
import io.cachalot.server.store.type.StreamValue.Id;

/**
 * Streams in Redis's RDB format ({@code RDB_TYPE_STREAM_LISTPACKS_2}, Redis 7.0; version 1
 * of Redis 5 and 6 is read too): the entries as listpack nodes keyed by their master ID, the
 * stream's length and IDs, then each consumer group with its pending entries and consumers.
 *
 * <p>A node's listpack starts with a master entry — live count, deleted count, the master
 * fields, a 0 — followed by entries of flags (1 deleted, 2 same fields as the master), the ID
 * as differences from the master ID, the fields (unless same-fields) and values, and the
 * entry's element count. Written here: 100 entries a node, each with its own fields (no
 * master fields), counts and IDs in listpack integer encodings as Redis reads them.
 */
final class StreamCodec {

	private static final int NODE_ENTRIES = 100;

	private static final int FLAG_DELETED = 1;

	private static final int FLAG_SAME_FIELDS = 2;

	private StreamCodec() {
	}

	static void write(RdbOutput out, StreamValue stream) {
		List<StreamValue.Entry> entries = stream.range(Id.MIN, Id.MAX, false, -1);
		int nodes = (entries.size() + NODE_ENTRIES - 1) / NODE_ENTRIES;
		out.length(nodes);
		for (int from = 0; from < entries.size(); from += NODE_ENTRIES) {
			List<StreamValue.Entry> node = entries.subList(from, Math.min(entries.size(), from + NODE_ENTRIES));
			Id master = node.get(0).id();
			out.string(idBytes(master));
			out.string(listpack(master, node));
		}
		out.length(stream.length());
		writeId(out, stream.lastId());
		writeId(out, stream.firstId());
		writeId(out, stream.maxDeletedId());
		out.length(stream.entriesAdded());
		out.length(stream.groupsByName().size());
		for (Map.Entry<String, ConsumerGroup> named : stream.groupsByName().entrySet()) {
			ConsumerGroup group = named.getValue();
			out.string(named.getKey().getBytes(StandardCharsets.ISO_8859_1));
			writeId(out, group.lastId);
			out.length(group.entriesRead);
			out.length(group.pending.size());
			for (ConsumerGroup.Pending p : group.pending.values()) {
				out.write(idBytes(p.id), 0, 16);
				out.littleEndian64(p.deliveryTime);
				out.length(p.deliveryCount);
			}
			out.length(group.consumers.size());
			for (ConsumerGroup.Consumer consumer : group.consumers.values()) {
				out.string(consumer.name.getBytes(StandardCharsets.ISO_8859_1));
				out.littleEndian64(consumer.seenTime);
				out.length(consumer.pending.size());
				for (Id id : consumer.pending.keySet()) {
					out.write(idBytes(id), 0, 16);
				}
			}
		}
	}

	private static byte[] listpack(Id master, List<StreamValue.Entry> node) {
		PackedEncodings.ListpackWriter lp = new PackedEncodings.ListpackWriter();
		lp.integer(node.size()).integer(0).integer(0).integer(0);
		for (StreamValue.Entry e : node) {
			byte[][] fv = e.fieldsAndValues();
			int fields = fv.length / 2;
			lp.integer(0).integer(e.id().ms() - master.ms()).integer(e.id().seq() - master.seq()).integer(fields);
			for (byte[] part : fv) {
				lp.string(part);
			}
			lp.integer(2L * fields + 4);
		}
		return lp.toByteArray();
	}

	private static void writeId(RdbOutput out, Id id) {
		out.length(id.ms());
		out.length(id.seq());
	}

	/** A stream ID as Redis keys its radix tree and PELs: milliseconds and sequence, big-endian. */
	private static byte[] idBytes(Id id) {
		byte[] b = new byte[16];
		for (int i = 0; i < 8; i++) {
			b[i] = (byte) (id.ms() >>> (56 - 8 * i));
			b[8 + i] = (byte) (id.seq() >>> (56 - 8 * i));
		}
		return b;
	}

	private static Id id(byte[] b) {
		if (b.length != 16) {
			throw new IllegalArgumentException("bad stream ID");
		}
		long ms = 0;
		long seq = 0;
		for (int i = 0; i < 8; i++) {
			ms = (ms << 8) | (b[i] & 0xFF);
			seq = (seq << 8) | (b[8 + i] & 0xFF);
		}
		return new Id(ms, seq);
	}

	/** A stream of RDB type 15 ({@code version2} false) or 19. */
	static StreamValue read(RdbInput in, boolean version2) {
		StreamValue stream = new StreamValue();
		for (long nodes = in.length(); nodes > 0; nodes--) {
			Id master = id(in.string());
			List<byte[]> elements = new ArrayList<>();
			PackedEncodings.forEachListpackEntry(in.string(), elements::add);
			readNode(stream, master, elements);
		}
		long length = in.length();
		Id last = new Id(in.length(), in.length());
		Id maxDeleted = null;
		long entriesAdded = length;
		if (version2) {
			in.length();
			in.length();
			maxDeleted = new Id(in.length(), in.length());
			entriesAdded = in.length();
		}
		stream.setLastId(last, entriesAdded, maxDeleted);
		for (long groups = in.length(); groups > 0; groups--) {
			String name = new String(in.string(), StandardCharsets.ISO_8859_1);
			Id groupLast = new Id(in.length(), in.length());
			long entriesRead = version2 ? in.length() : stream.estimateEntriesRead(groupLast);
			ConsumerGroup group = stream.createGroup(name, groupLast, entriesRead);
			if (group == null) {
				throw new IllegalArgumentException("duplicate consumer group");
			}
			Map<Id, long[]> pel = new HashMap<>();
			for (long n = in.length(); n > 0; n--) {
				Id id = id(in.bytes(16));
				long deliveryTime = in.littleEndian(8);
				pel.put(id, new long[] { deliveryTime, in.length() });
			}
			for (long consumers = in.length(); consumers > 0; consumers--) {
				String consumerName = new String(in.string(), StandardCharsets.ISO_8859_1);
				ConsumerGroup.Consumer consumer = group.restoreConsumer(consumerName, in.littleEndian(8));
				for (long n = in.length(); n > 0; n--) {
					Id id = id(in.bytes(16));
					long[] delivery = pel.remove(id);
					if (delivery == null) {
						throw new IllegalArgumentException("a consumer's pending entry is not in the group's");
					}
					group.restorePending(id, consumer, delivery[0], delivery[1]);
				}
			}
			if (!pel.isEmpty()) {
				throw new IllegalArgumentException("pending entries without a consumer");
			}
		}
		return stream;
	}

	/** The live entries of one node, appended in order. */
	private static void readNode(StreamValue stream, Id master, List<byte[]> e) {
		int masterFields = integer(e.get(2));
		if (masterFields < 0 || 4 + masterFields > e.size()) {
			throw new IllegalArgumentException("bad stream master entry");
		}
		List<byte[]> fieldNames = e.subList(3, 3 + masterFields);
		int i = 3 + masterFields + 1;
		while (i < e.size()) {
			int flags = integer(e.get(i++));
			Id id = new Id(master.ms() + Long.parseLong(text(e.get(i++))), master.seq() + Long.parseLong(text(e.get(i++))));
			byte[][] fv;
			if ((flags & FLAG_SAME_FIELDS) != 0) {
				fv = new byte[masterFields * 2][];
				for (int f = 0; f < masterFields; f++) {
					fv[2 * f] = fieldNames.get(f);
					fv[2 * f + 1] = e.get(i++);
				}
			}
			else {
				int fields = integer(e.get(i++));
				if (fields < 0 || i + 2L * fields > e.size()) {
					throw new IllegalArgumentException("bad stream entry");
				}
				fv = new byte[fields * 2][];
				for (int f = 0; f < fields * 2; f++) {
					fv[f] = e.get(i++);
				}
			}
			i++;
			if ((flags & FLAG_DELETED) == 0) {
				stream.append(id, fv);
			}
		}
	}

	private static String text(byte[] b) {
		return new String(b, StandardCharsets.US_ASCII);
	}

	private static int integer(byte[] b) {
		return Integer.parseInt(text(b));
	}

}
