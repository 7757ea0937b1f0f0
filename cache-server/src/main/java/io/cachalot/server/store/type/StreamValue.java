package io.cachalot.server.store.type;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.cachalot.server.store.MemoryEstimate;
import io.cachalot.server.store.ValueType;

/**
 * A stream: entries ordered by ID in a tree, plus Redis's bookkeeping (last ID, entries added,
 * max deleted ID). Redis stores entries in radix-tree nodes of up to
 * {@link #NODE_MAX_ENTRIES} entries, and approximate trimming ({@code ~}) only drops whole
 * nodes; the node boundaries are tracked here (first and last ID, slots used, live entries)
 * so that {@code MAXLEN ~} and {@code MINID ~} remove exactly what Redis removes.
 */
public final class StreamValue implements TypedValue {

	/** Redis's {@code stream-node-max-entries} default. */
	public static final int NODE_MAX_ENTRIES = 100;

	/** A stream ID. */
	public record Id(long ms, long seq) implements Comparable<Id> {

		public static final Id MIN = new Id(0, 0);

		public static final Id MAX = new Id(-1, -1);

		@Override
		public int compareTo(Id o) {
			int c = Long.compareUnsigned(this.ms, o.ms);
			return (c != 0) ? c : Long.compareUnsigned(this.seq, o.seq);
		}

		/** The next ID, or null after the largest. */
		public Id next() {
			if (this.seq != -1) {
				return new Id(this.ms, this.seq + 1);
			}
			return (this.ms == -1) ? null : new Id(this.ms + 1, 0);
		}

		/** The previous ID, or null before the smallest. */
		public Id previous() {
			if (this.seq != 0) {
				return new Id(this.ms, this.seq - 1);
			}
			return (this.ms == 0) ? null : new Id(this.ms - 1, -1);
		}

		@Override
		public String toString() {
			return Long.toUnsignedString(this.ms) + "-" + Long.toUnsignedString(this.seq);
		}

	}

	/** An entry: its ID and fields and values, alternating. */
	public record Entry(Id id, byte[][] fieldsAndValues) {
	}

	private static final class Node {

		Id first;

		Id last;

		int slots;

		int live;

	}

	private final TreeMap<Id, byte[][]> entries = new TreeMap<>();

	private final ArrayDeque<Node> nodes = new ArrayDeque<>();

	private Id lastId = Id.MIN;

	private Id maxDeletedId = Id.MIN;

	private long entriesAdded;

	private long payloadBytes;

	private final TreeMap<String, ConsumerGroup> groups = new TreeMap<>();

	/** The group named {@code name} (ISO-8859-1 text of its bytes), or null. */
	public ConsumerGroup group(String name) {
		return this.groups.get(name);
	}

	/** Creates a group; null when one with that name exists. */
	public ConsumerGroup createGroup(String name, Id lastId, long entriesRead) {
		if (this.groups.containsKey(name)) {
			return null;
		}
		ConsumerGroup g = new ConsumerGroup(lastId, entriesRead);
		this.groups.put(name, g);
		return g;
	}

	public boolean destroyGroup(String name) {
		return this.groups.remove(name) != null;
	}

	public java.util.Collection<ConsumerGroup> groups() {
		return this.groups.values();
	}

	/** Number of radix-tree keys Redis would report (listpack nodes). */
	public int nodeCount() {
		return this.nodes.size();
	}

	/** The first entry's ID, or 0-0 for an empty stream. */
	public Id firstId() {
		return this.entries.isEmpty() ? Id.MIN : this.entries.firstKey();
	}

	/** Redis's {@code streamRangeHasTombstones} from {@code start} to the end. */
	public boolean hasTombstonesAfter(Id start) {
		if (this.entries.isEmpty() || this.maxDeletedId.equals(Id.MIN)) {
			return false;
		}
		if (firstId().compareTo(this.maxDeletedId) > 0) {
			return false;
		}
		return start.compareTo(this.maxDeletedId) <= 0;
	}

	/** Redis's {@code streamEstimateDistanceFromFirstEverEntry}: the logical read counter of an ID, or -1. */
	public long estimateEntriesRead(Id id) {
		if (this.entriesAdded == 0) {
			return 0;
		}
		if (this.entries.isEmpty() && id.compareTo(this.lastId) < 1) {
			return this.entriesAdded;
		}
		int cmpLast = id.compareTo(this.lastId);
		if (cmpLast == 0) {
			return this.entriesAdded;
		}
		if (cmpLast > 0) {
			return -1;
		}
		int cmpFirst = id.compareTo(firstId());
		if (this.maxDeletedId.equals(Id.MIN) || this.maxDeletedId.compareTo(firstId()) < 0) {
			if (cmpFirst < 0) {
				return this.entriesAdded - length();
			}
			if (cmpFirst == 0) {
				return this.entriesAdded - length() + 1;
			}
		}
		return -1;
	}

	/** Redis's consumer-group lag, or null when it cannot be known. */
	public Long lag(ConsumerGroup g) {
		if (this.entriesAdded == 0) {
			return 0L;
		}
		if (g.entriesRead >= 0 && !hasTombstonesAfter(g.lastId)) {
			return this.entriesAdded - g.entriesRead;
		}
		long read = estimateEntriesRead(g.lastId);
		return (read >= 0) ? this.entriesAdded - read : null;
	}

	/** Names and groups, in Redis's (byte) order. */
	public java.util.Map<String, ConsumerGroup> groupsByName() {
		return java.util.Collections.unmodifiableMap(this.groups);
	}

	/** The fields and values of an entry, or null when it does not exist (any more). */
	public byte[][] get(Id id) {
		return this.entries.get(id);
	}

	@Override
	public ValueType type() {
		return ValueType.STREAM;
	}

	@Override
	public String encoding() {
		return "stream";
	}

	public long length() {
		return this.entries.size();
	}

	/** Streams are kept even when empty (XDEL / XTRIM leave the key). */
	@Override
	public boolean isEmpty() {
		return false;
	}

	public Id lastId() {
		return this.lastId;
	}

	public Id maxDeletedId() {
		return this.maxDeletedId;
	}

	public long entriesAdded() {
		return this.entriesAdded;
	}

	public void setLastId(Id id, long entriesAdded, Id maxDeleted) {
		this.lastId = id;
		if (entriesAdded >= 0) {
			this.entriesAdded = entriesAdded;
		}
		if (maxDeleted != null) {
			this.maxDeletedId = maxDeleted;
		}
	}

	/** Appends an entry with an ID greater than {@link #lastId()}. */
	public void append(Id id, byte[][] fieldsAndValues) {
		this.entries.put(id, fieldsAndValues);
		Node node = this.nodes.peekLast();
		if (node == null || node.slots >= NODE_MAX_ENTRIES) {
			node = new Node();
			node.first = id;
			this.nodes.addLast(node);
		}
		node.last = id;
		node.slots++;
		node.live++;
		this.lastId = id;
		this.entriesAdded++;
		for (byte[] b : fieldsAndValues) {
			this.payloadBytes += MemoryEstimate.byteArray(b.length);
		}
	}

	private Node nodeOf(Id id) {
		for (Node n : this.nodes) {
			if (id.compareTo(n.first) >= 0 && id.compareTo(n.last) <= 0) {
				return n;
			}
		}
		return null;
	}

	private void forget(Id id, byte[][] fields) {
		for (byte[] b : fields) {
			this.payloadBytes -= MemoryEstimate.byteArray(b.length);
		}
		Node n = nodeOf(id);
		if (n != null && --n.live == 0) {
			this.nodes.remove(n);
		}
	}

	/** XDEL of one ID; returns whether it existed. */
	public boolean delete(Id id) {
		byte[][] removed = this.entries.remove(id);
		if (removed == null) {
			return false;
		}
		forget(id, removed);
		if (id.compareTo(this.maxDeletedId) > 0) {
			this.maxDeletedId = id;
		}
		return true;
	}

	/** Entries with IDs in [start, end], ascending or descending, at most {@code count} (-1: all). */
	public List<Entry> range(Id start, Id end, boolean reverse, long count) {
		List<Entry> out = new ArrayList<>();
		if (start == null || end == null || start.compareTo(end) > 0 || count == 0) {
			return out;
		}
		NavigableMap<Id, byte[][]> sub = this.entries.subMap(start, true, end, true);
		for (Map.Entry<Id, byte[][]> e : (reverse ? sub.descendingMap() : sub).entrySet()) {
			if (count >= 0 && out.size() >= count) {
				break;
			}
			out.add(new Entry(e.getKey(), e.getValue()));
		}
		return out;
	}

	/**
	 * XTRIM / XADD trimming, as Redis's {@code streamTrim}: by MAXLEN (keep {@code maxLen}
	 * newest) or MINID (drop IDs below {@code minId}); approximately only whole nodes go, and
	 * no node that would take the count past {@code limit} (0: no limit; Redis allows a limit
	 * with approximate trimming only). Returns the number of entries removed.
	 */
	public long trim(long maxLen, Id minId, boolean approximate, long limit) {
		long deleted = 0;
		while (!this.nodes.isEmpty()) {
			if (minId == null && length() <= maxLen) {
				break;
			}
			Node node = this.nodes.peekFirst();
			// the work limit counts whole nodes: one that would pass it is left alone
			if (limit > 0 && deleted + node.live > limit) {
				break;
			}
			boolean removeNode = (minId == null) ? length() - node.live >= maxLen : node.last.compareTo(minId) < 0;
			if (removeNode) {
				Iterator<Map.Entry<Id, byte[][]>> it = this.entries.subMap(node.first, true, node.last, true)
					.entrySet()
					.iterator();
				while (it.hasNext()) {
					Map.Entry<Id, byte[][]> e = it.next();
					for (byte[] b : e.getValue()) {
						this.payloadBytes -= MemoryEstimate.byteArray(b.length);
					}
					it.remove();
				}
				deleted += node.live;
				this.nodes.removeFirst();
				continue;
			}
			if (approximate) {
				break;
			}
			// exact: remove entries from within the first node
			while (!this.entries.isEmpty()) {
				Map.Entry<Id, byte[][]> first = this.entries.firstEntry();
				if ((minId == null) ? length() <= maxLen : first.getKey().compareTo(minId) >= 0) {
					break;
				}
				this.entries.pollFirstEntry();
				forget(first.getKey(), first.getValue());
				deleted++;
			}
			break;
		}
		return deleted;
	}

	public Entry firstEntry() {
		Map.Entry<Id, byte[][]> e = this.entries.firstEntry();
		return (e == null) ? null : new Entry(e.getKey(), e.getValue());
	}

	public Entry lastEntry() {
		Map.Entry<Id, byte[][]> e = this.entries.lastEntry();
		return (e == null) ? null : new Entry(e.getKey(), e.getValue());
	}

	@Override
	public long memoryUsage() {
		return 64 + this.entries.size() * 64L + this.payloadBytes;
	}

	@Override
	public StreamValue copy() {
		StreamValue copy = new StreamValue();
		copy.entries.putAll(this.entries);
		for (Node n : this.nodes) {
			Node c = new Node();
			c.first = n.first;
			c.last = n.last;
			c.slots = n.slots;
			c.live = n.live;
			copy.nodes.addLast(c);
		}
		copy.lastId = this.lastId;
		copy.maxDeletedId = this.maxDeletedId;
		copy.entriesAdded = this.entriesAdded;
		copy.payloadBytes = this.payloadBytes;
		this.groups.forEach((name, g) -> copy.groups.put(name, g.copy()));
		return copy;
	}

}
