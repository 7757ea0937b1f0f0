package io.cachalot.server.store.type;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One node of a {@link ListValue}'s quicklist: elements packed into one byte array, as in a
 * Redis listpack. Each element is its length as a forward varint, its bytes, and its length
 * again as a backward varint (read from its last byte towards the front), so the node can be
 * walked and popped from both ends. The packed region is {@code [start, end)} of a buffer
 * with slack on both sides, so pushes at either end are amortised O(1) copies of the element.
 */
final class ListNode {

	/** What Redis adds to a listpack's bytes (header and end marker) when it sizes a node. */
	static final int OVERHEAD = 8;

	byte[] buf;

	int start;

	int end;

	int count;

	ListNode prev;

	ListNode next;

	ListNode(int capacity, boolean fillFromBack) {
		this.buf = new byte[capacity];
		this.start = fillFromBack ? capacity : 0;
		this.end = this.start;
	}

	static int varintSize(int n) {
		int size = 1;
		while ((n >>>= 7) != 0) {
			size++;
		}
		return size;
	}

	/** Bytes one element of {@code length} takes in a node. */
	static int encodedSize(int length) {
		return 2 * varintSize(length) + length;
	}

	int usedBytes() {
		return this.end - this.start;
	}

	// ---- element codec ----

	private void write(int at, byte[] element) {
		int n = element.length;
		int size = varintSize(n);
		int p = at;
		for (int v = n; (v & ~0x7F) != 0; v >>>= 7) {
			this.buf[p++] = (byte) ((v & 0x7F) | 0x80);
		}
		this.buf[p++] = (byte) (n >>> (7 * (size - 1)));
		System.arraycopy(element, 0, this.buf, p, n);
		p += n;
		// backward varint: the high group first, the low 7 bits last; every byte but the
		// first written carries 0x80, "more bytes before", for a reader walking back
		for (int i = size - 1; i >= 0; i--) {
			int bits = (n >>> (7 * i)) & 0x7F;
			this.buf[p++] = (byte) ((i < size - 1) ? (bits | 0x80) : bits);
		}
	}

	/** The length of the element whose forward varint starts at {@code at}. */
	private int lengthAt(int at) {
		int n = 0;
		int shift = 0;
		for (int p = at;; p++, shift += 7) {
			n |= (this.buf[p] & 0x7F) << shift;
			if ((this.buf[p] & 0x80) == 0) {
				return n;
			}
		}
	}

	/** The length of the element whose backward varint ends just before {@code end}. */
	private int lengthBefore(int end) {
		int n = 0;
		int shift = 0;
		for (int p = end - 1;; p--, shift += 7) {
			n |= (this.buf[p] & 0x7F) << shift;
			if ((this.buf[p] & 0x80) == 0) {
				return n;
			}
		}
	}

	/** The element whose encoding starts at {@code at}. */
	byte[] elementAt(int at) {
		int n = lengthAt(at);
		int from = at + varintSize(n);
		return Arrays.copyOfRange(this.buf, from, from + n);
	}

	/** Whether the element at {@code at} equals {@code value}, without copying it. */
	boolean elementEquals(int at, byte[] value) {
		int n = lengthAt(at);
		int from = at + varintSize(n);
		return n == value.length && Arrays.equals(this.buf, from, from + n, value, 0, n);
	}

	/** The offset just past the element starting at {@code at}. */
	int after(int at) {
		return at + encodedSize(lengthAt(at));
	}

	/** The offset where the element ending just before {@code end} starts. */
	int before(int end) {
		return end - encodedSize(lengthBefore(end));
	}

	/** The offset of the {@code index}-th element, walking from the nearer end. */
	int offsetOf(int index) {
		if (index <= this.count / 2) {
			int at = this.start;
			for (int i = 0; i < index; i++) {
				at = after(at);
			}
			return at;
		}
		int at = this.end;
		for (int i = this.count; i > index; i--) {
			at = before(at);
		}
		return at;
	}

	// ---- ends ----

	void pushBack(byte[] element) {
		int need = encodedSize(element.length);
		if (this.end + need > this.buf.length) {
			regrow(need, false);
		}
		write(this.end, element);
		this.end += need;
		this.count++;
	}

	void pushFront(byte[] element) {
		int need = encodedSize(element.length);
		if (this.start < need) {
			regrow(need, true);
		}
		this.start -= need;
		write(this.start, element);
		this.count++;
	}

	byte[] popFront() {
		byte[] e = elementAt(this.start);
		this.start += encodedSize(e.length);
		this.count--;
		return e;
	}

	byte[] popBack() {
		this.end = before(this.end);
		byte[] e = elementAt(this.end);
		this.count--;
		return e;
	}

	/** Drops the first {@code n} elements. */
	void dropFront(int n) {
		for (int i = 0; i < n; i++) {
			this.start = after(this.start);
		}
		this.count -= n;
	}

	/** Drops the last {@code n} elements. */
	void dropBack(int n) {
		for (int i = 0; i < n; i++) {
			this.end = before(this.end);
		}
		this.count -= n;
	}

	/** A bigger buffer with room for {@code need} more bytes on the side being pushed. */
	private void regrow(int need, boolean front) {
		int used = usedBytes();
		int capacity = used + need + Math.max(need, Math.max(32, used / 2));
		byte[] bigger = new byte[capacity];
		int at = front ? capacity - used : 0;
		System.arraycopy(this.buf, this.start, bigger, at, used);
		this.buf = bigger;
		this.start = at;
		this.end = at + used;
	}

	/** Drops the slack (when over an eighth) of a node that no longer sits at an end of its list. */
	void compact() {
		if (this.buf.length - usedBytes() > this.buf.length / 8) {
			this.buf = Arrays.copyOfRange(this.buf, this.start, this.end);
			this.start = 0;
			this.end = this.buf.length;
		}
	}

	/** All elements, copied out, in order. */
	List<byte[]> elements() {
		List<byte[]> out = new ArrayList<>(this.count);
		for (int at = this.start; at < this.end; at = after(at)) {
			out.add(elementAt(at));
		}
		return out;
	}

	ListNode copy() {
		ListNode copy = new ListNode(0, false);
		copy.buf = Arrays.copyOfRange(this.buf, this.start, this.end);
		copy.start = 0;
		copy.end = copy.buf.length;
		copy.count = this.count;
		return copy;
	}

}
