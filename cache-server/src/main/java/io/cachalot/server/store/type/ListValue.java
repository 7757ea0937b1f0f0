package io.cachalot.server.store.type;

import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.store.ValueType;

/**
 * A list, kept as Redis 7.0 keeps it: a "quicklist", a doubly linked chain of
 * {@link ListNode}s, each a packed byte array of elements filled up to
 * {@code list-max-listpack-size} ({@link EncodingLimits#listMaxListpackSize()}: negative
 * -1..-5 caps a node at 4..64 KB, positive at that many elements within 8 KB).
 *
 * <p>Pushes and pops at both ends touch one node. Compared with one array of element
 * references, a long list costs about 20 bytes less per element and, more importantly for a
 * JVM, is a few thousand arrays the collector can skip rather than millions of references it
 * must scan whenever the list changes. Access by index walks nodes from the nearer end, as
 * Redis does; edits inside a node (LSET, LINSERT) rebuild that node only. The list operations
 * with Redis's index rules (negative indexes, clamping) live here; commands parse and reply.
 */
public final class ListValue implements TypedValue {

	private static final int[] NODE_BYTES = { 4096, 8192, 16384, 32768, 65536 };

	private static final int SIZE_SAFETY_LIMIT = 8192;

	private final EncodingLimits limits;

	private ListNode head;

	private ListNode tail;

	private int size;

	private int nodes;

	/** Packed bytes of all nodes (slack excluded), kept up to date. */
	private long packedBytes;

	/** A list with Redis's default node size. */
	public ListValue() {
		this(EncodingLimits.DEFAULTS);
	}

	public ListValue(EncodingLimits limits) {
		this.limits = limits;
	}

	@Override
	public ValueType type() {
		return ValueType.LIST;
	}

	@Override
	public String encoding() {
		return "quicklist";
	}

	public int size() {
		return this.size;
	}

	@Override
	public boolean isEmpty() {
		return this.size == 0;
	}

	/** Redis's {@code _quicklistNodeAllowInsert}: whether a node takes one more element. */
	private boolean allowsInsert(ListNode node, int length) {
		if (node == null) {
			return false;
		}
		if (node.count == 0) {
			return true;
		}
		long newSize = (long) node.usedBytes() + ListNode.encodedSize(length) + ListNode.OVERHEAD;
		int fill = this.limits.listMaxListpackSize();
		if (fill < 0 && fill >= -NODE_BYTES.length) {
			return newSize <= NODE_BYTES[-fill - 1];
		}
		return newSize <= SIZE_SAFETY_LIMIT && node.count < fill;
	}

	/**
	 * The buffer for a new end node: small for a list's first node (most lists are short), and
	 * the whole node's byte limit once the list has outgrown a node, so a growing list fills
	 * each node without a chain of reallocations.
	 */
	private int newNodeCapacity(int length) {
		int need = ListNode.encodedSize(length);
		if (this.head == null) {
			return Math.max(64, need * 2);
		}
		int fill = this.limits.listMaxListpackSize();
		if (fill < 0 && fill >= -NODE_BYTES.length) {
			return Math.max(need, NODE_BYTES[-fill - 1] - ListNode.OVERHEAD);
		}
		// a count limit: room for that many elements like this one, within the safety limit
		return Math.max(need, (int) Math.min(SIZE_SAFETY_LIMIT - ListNode.OVERHEAD, (long) need * Math.max(1, fill)));
	}

	public void pushLeft(byte[] element) {
		if (!allowsInsert(this.head, element.length)) {
			ListNode node = new ListNode(newNodeCapacity(element.length), true);
			if (this.head != null) {
				this.head.prev = node;
				node.next = this.head;
				if (this.head != this.tail) {
					this.head.compact();
				}
			}
			else {
				this.tail = node;
			}
			this.head = node;
			this.nodes++;
		}
		this.head.pushFront(element);
		this.size++;
		this.packedBytes += ListNode.encodedSize(element.length);
	}

	public void pushRight(byte[] element) {
		if (!allowsInsert(this.tail, element.length)) {
			ListNode node = new ListNode(newNodeCapacity(element.length), false);
			if (this.tail != null) {
				this.tail.next = node;
				node.prev = this.tail;
				if (this.head != this.tail) {
					this.tail.compact();
				}
			}
			else {
				this.head = node;
			}
			this.tail = node;
			this.nodes++;
		}
		this.tail.pushBack(element);
		this.size++;
		this.packedBytes += ListNode.encodedSize(element.length);
	}

	public void push(boolean left, byte[] element) {
		if (left) {
			pushLeft(element);
		}
		else {
			pushRight(element);
		}
	}

	public byte[] popLeft() {
		if (this.size == 0) {
			return null;
		}
		ListNode node = this.head;
		byte[] e = node.popFront();
		removed(node, e.length);
		return e;
	}

	public byte[] popRight() {
		if (this.size == 0) {
			return null;
		}
		ListNode node = this.tail;
		byte[] e = node.popBack();
		removed(node, e.length);
		return e;
	}

	public byte[] pop(boolean left) {
		return left ? popLeft() : popRight();
	}

	private void removed(ListNode node, int length) {
		this.size--;
		this.packedBytes -= ListNode.encodedSize(length);
		if (node.count == 0) {
			unlink(node);
		}
	}

	private void unlink(ListNode node) {
		if (node.prev != null) {
			node.prev.next = node.next;
		}
		else {
			this.head = node.next;
		}
		if (node.next != null) {
			node.next.prev = node.prev;
		}
		else {
			this.tail = node.prev;
		}
		this.nodes--;
	}

	// ---- access by index ----

	/** A Redis index (negative counts from the tail) as a position, or -1 when out of range. */
	public int position(long index) {
		long i = (index < 0) ? this.size + index : index;
		return (i < 0 || i >= this.size) ? -1 : (int) i;
	}

	/** The node holding position {@code index}; {@code local[0]} receives the index in it. */
	private ListNode locate(int index, int[] local) {
		if (index < this.size / 2) {
			ListNode n = this.head;
			int i = index;
			while (i >= n.count) {
				i -= n.count;
				n = n.next;
			}
			local[0] = i;
			return n;
		}
		ListNode n = this.tail;
		int fromEnd = this.size - 1 - index;
		while (fromEnd >= n.count) {
			fromEnd -= n.count;
			n = n.prev;
		}
		local[0] = n.count - 1 - fromEnd;
		return n;
	}

	public byte[] get(int index) {
		int[] local = new int[1];
		ListNode n = locate(index, local);
		return n.elementAt(n.offsetOf(local[0]));
	}

	public void set(int index, byte[] element) {
		int[] local = new int[1];
		ListNode n = locate(index, local);
		List<byte[]> elements = n.elements();
		elements.set(local[0], element);
		replace(n, elements);
	}

	/** Inserts at a position (0..size), shifting later elements right. */
	public void insert(int position, byte[] element) {
		if (position == this.size) {
			pushRight(element);
			return;
		}
		if (position == 0) {
			pushLeft(element);
			return;
		}
		int[] local = new int[1];
		ListNode n = locate(position, local);
		List<byte[]> elements = n.elements();
		elements.add(local[0], element);
		replace(n, elements);
	}

	/** Puts {@code elements} in place of {@code node}, in as many nodes as the fill limit asks. */
	private void replace(ListNode node, List<byte[]> elements) {
		ListNode before = node.prev;
		ListNode after = node.next;
		this.size -= node.count;
		this.packedBytes -= node.usedBytes();
		unlink(node);
		// rebuild as a detached run, then splice it between before and after
		ListValue run = new ListValue(this.limits);
		elements.forEach(run::pushRight);
		if (run.head == null) {
			return;
		}
		run.head.prev = before;
		run.tail.next = after;
		if (before != null) {
			before.next = run.head;
		}
		else {
			this.head = run.head;
		}
		if (after != null) {
			after.prev = run.tail;
		}
		else {
			this.tail = run.tail;
		}
		this.size += run.size;
		this.nodes += run.nodes;
		this.packedBytes += run.packedBytes;
	}

	/**
	 * Visits elements from {@code index} towards the tail (or the head when
	 * {@code backward}) while the visitor returns true.
	 */
	private void walk(int index, boolean backward, ElementVisitor visitor) {
		if (index < 0 || index >= this.size) {
			return;
		}
		int[] local = new int[1];
		ListNode n = locate(index, local);
		int at = n.offsetOf(local[0]);
		int i = index;
		while (n != null) {
			if (backward) {
				for (int end = n.after(at);; ) {
					int from = n.before(end);
					if (!visitor.visit(n, from, i--)) {
						return;
					}
					if (from == n.start) {
						break;
					}
					end = from;
				}
				n = n.prev;
				at = (n != null) ? n.before(n.end) : 0;
			}
			else {
				for (; at < n.end; at = n.after(at)) {
					if (!visitor.visit(n, at, i++)) {
						return;
					}
				}
				n = n.next;
				at = (n != null) ? n.start : 0;
			}
		}
	}

	@FunctionalInterface
	private interface ElementVisitor {

		/** Visits the element at offset {@code at} of {@code node}, list position {@code index}. */
		boolean visit(ListNode node, int at, int index);

	}

	/** LRANGE: the elements between two Redis indexes, both inclusive, clamped. */
	public List<byte[]> range(long start, long end) {
		long s = (start < 0) ? Math.max(0, this.size + start) : start;
		long e = (end < 0) ? this.size + end : Math.min(end, this.size - 1L);
		List<byte[]> out = new ArrayList<>();
		if (s > e || s >= this.size) {
			return out;
		}
		walk((int) s, false, (node, at, i) -> {
			out.add(node.elementAt(at));
			return i < e;
		});
		return out;
	}

	/** LTRIM: keeps the elements between two Redis indexes. */
	public void trim(long start, long end) {
		long s = (start < 0) ? this.size + start : start;
		long e = (end < 0) ? this.size + end : end;
		if (s < 0) {
			s = 0;
		}
		if (s > e || s >= this.size) {
			clear();
			return;
		}
		if (e >= this.size) {
			e = this.size - 1;
		}
		dropLeft((int) s);
		dropRight((int) (this.size - 1 - (e - s)));
	}

	private void dropLeft(int n) {
		while (n > 0) {
			ListNode node = this.head;
			int k = Math.min(n, node.count);
			int before = node.usedBytes();
			node.dropFront(k);
			this.packedBytes -= before - node.usedBytes();
			this.size -= k;
			n -= k;
			if (node.count == 0) {
				unlink(node);
			}
		}
	}

	private void dropRight(int n) {
		while (n > 0) {
			ListNode node = this.tail;
			int k = Math.min(n, node.count);
			int before = node.usedBytes();
			node.dropBack(k);
			this.packedBytes -= before - node.usedBytes();
			this.size -= k;
			n -= k;
			if (node.count == 0) {
				unlink(node);
			}
		}
	}

	private void clear() {
		this.head = null;
		this.tail = null;
		this.size = 0;
		this.nodes = 0;
		this.packedBytes = 0;
	}

	/** LINSERT: the new length, or -1 when {@code pivot} is absent. */
	public int insertNear(byte[] pivot, byte[] element, boolean after) {
		int[] found = { -1 };
		walk(0, false, (node, at, i) -> {
			if (node.elementEquals(at, pivot)) {
				found[0] = i;
				return false;
			}
			return true;
		});
		if (found[0] < 0) {
			return -1;
		}
		insert(after ? found[0] + 1 : found[0], element);
		return this.size;
	}

	/** LREM: removes up to |count| occurrences (from the head when positive, the tail when negative, all when 0). */
	public int remove(long count, byte[] element) {
		long limit = (count == 0) ? Long.MAX_VALUE : Math.abs(count);
		List<byte[]> kept = new ArrayList<>(this.size);
		int[] removed = { 0 };
		boolean backward = count < 0;
		walk(backward ? this.size - 1 : 0, backward, (node, at, i) -> {
			if (removed[0] < limit && node.elementEquals(at, element)) {
				removed[0]++;
			}
			else {
				kept.add(node.elementAt(at));
			}
			return true;
		});
		if (removed[0] > 0) {
			clear();
			kept.forEach(backward ? this::pushLeft : this::pushRight);
		}
		return removed[0];
	}

	/**
	 * LPOS: positions of {@code element}, skipping the first |rank|-1 matches (from the tail
	 * when rank is negative), at most {@code count} of them (0: all), looking at no more than
	 * {@code maxLen} elements (0: all).
	 */
	public List<Long> positions(byte[] element, long rank, long count, long maxLen) {
		List<Long> out = new ArrayList<>();
		long[] skip = { Math.abs(rank) - 1 };
		long limit = (count == 0) ? Long.MAX_VALUE : count;
		long[] compared = { 0 };
		boolean backward = rank < 0;
		walk(backward ? this.size - 1 : 0, backward, (node, at, i) -> {
			if (out.size() >= limit || (maxLen > 0 && compared[0] >= maxLen)) {
				return false;
			}
			compared[0]++;
			if (node.elementEquals(at, element)) {
				if (skip[0] > 0) {
					skip[0]--;
				}
				else {
					out.add((long) i);
				}
			}
			return true;
		});
		return out;
	}

	@Override
	public long memoryUsage() {
		// packed elements, a node object and array header per node, and the end nodes' slack
		return 40 + this.packedBytes + this.nodes * 64L + ((this.head != null) ? 2 * 256 : 0);
	}

	@Override
	public ListValue copy() {
		ListValue copy = new ListValue(this.limits);
		for (ListNode n = this.head; n != null; n = n.next) {
			ListNode c = n.copy();
			c.prev = copy.tail;
			if (copy.tail != null) {
				copy.tail.next = c;
			}
			else {
				copy.head = c;
			}
			copy.tail = c;
		}
		copy.size = this.size;
		copy.nodes = this.nodes;
		copy.packedBytes = this.packedBytes;
		return copy;
	}

}
