package io.cachalot.server.store.type;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.cachalot.server.store.MemoryEstimate;
import io.cachalot.server.store.ValueType;

/**
 * A list: a circular array of elements, so pushes and pops at both ends and access by index
 * are O(1), and inserts or removals inside shift the shorter side. OBJECT ENCODING answers
 * "quicklist", Redis 7.0's name for every list. The list operations with Redis's index
 * rules (negative indexes, clamping) live here; the commands only parse and reply.
 */
public final class ListValue implements TypedValue {

	private byte[][] items = new byte[8][];

	private int head;

	private int size;

	private long payloadBytes;

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

	private int physical(int index) {
		int i = this.head + index;
		return (i >= this.items.length) ? i - this.items.length : i;
	}

	public byte[] get(int index) {
		return this.items[physical(index)];
	}

	private void grow() {
		byte[][] bigger = new byte[this.items.length * 2][];
		for (int i = 0; i < this.size; i++) {
			bigger[i] = this.items[physical(i)];
		}
		this.items = bigger;
		this.head = 0;
	}

	public void pushLeft(byte[] element) {
		if (this.size == this.items.length) {
			grow();
		}
		this.head = (this.head == 0) ? this.items.length - 1 : this.head - 1;
		this.items[this.head] = element;
		this.size++;
		this.payloadBytes += MemoryEstimate.byteArray(element.length);
	}

	public void pushRight(byte[] element) {
		if (this.size == this.items.length) {
			grow();
		}
		this.items[physical(this.size)] = element;
		this.size++;
		this.payloadBytes += MemoryEstimate.byteArray(element.length);
	}

	public byte[] popLeft() {
		if (this.size == 0) {
			return null;
		}
		byte[] e = this.items[this.head];
		this.items[this.head] = null;
		this.head = physical(1);
		this.size--;
		this.payloadBytes -= MemoryEstimate.byteArray(e.length);
		return e;
	}

	public byte[] popRight() {
		if (this.size == 0) {
			return null;
		}
		int last = physical(this.size - 1);
		byte[] e = this.items[last];
		this.items[last] = null;
		this.size--;
		this.payloadBytes -= MemoryEstimate.byteArray(e.length);
		return e;
	}

	public byte[] pop(boolean left) {
		return left ? popLeft() : popRight();
	}

	public void push(boolean left, byte[] element) {
		if (left) {
			pushLeft(element);
		}
		else {
			pushRight(element);
		}
	}

	/** A Redis index (negative counts from the tail) as a position, or -1 when out of range. */
	public int position(long index) {
		long i = (index < 0) ? this.size + index : index;
		return (i < 0 || i >= this.size) ? -1 : (int) i;
	}

	public void set(int index, byte[] element) {
		int p = physical(index);
		this.payloadBytes += MemoryEstimate.byteArray(element.length) - MemoryEstimate.byteArray(this.items[p].length);
		this.items[p] = element;
	}

	/** LRANGE: the elements between two Redis indexes, both inclusive, clamped. */
	public List<byte[]> range(long start, long end) {
		long s = (start < 0) ? Math.max(0, this.size + start) : start;
		long e = (end < 0) ? this.size + end : Math.min(end, this.size - 1L);
		List<byte[]> out = new ArrayList<>();
		for (long i = s; i <= e && i < this.size; i++) {
			out.add(get((int) i));
		}
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
		List<byte[]> kept = range(s, e);
		clear();
		kept.forEach(this::pushRight);
	}

	private void clear() {
		Arrays.fill(this.items, null);
		this.head = 0;
		this.size = 0;
		this.payloadBytes = 0;
	}

	/** Inserts at a position (0..size), shifting later elements right. */
	public void insert(int position, byte[] element) {
		List<byte[]> tail = range(position, this.size - 1L);
		for (int i = this.size - 1; i >= position; i--) {
			popRight();
		}
		pushRight(element);
		tail.forEach(this::pushRight);
	}

	/** LINSERT: the new length, or -1 when {@code pivot} is absent. */
	public int insertNear(byte[] pivot, byte[] element, boolean after) {
		for (int i = 0; i < this.size; i++) {
			if (Arrays.equals(get(i), pivot)) {
				insert(after ? i + 1 : i, element);
				return this.size;
			}
		}
		return -1;
	}

	/** LREM: removes up to |count| occurrences (from the head when positive, the tail when negative, all when 0). */
	public int remove(long count, byte[] element) {
		List<byte[]> kept = new ArrayList<>(this.size);
		int removed = 0;
		long limit = (count == 0) ? Long.MAX_VALUE : Math.abs(count);
		if (count >= 0) {
			for (int i = 0; i < this.size; i++) {
				byte[] e = get(i);
				if (removed < limit && Arrays.equals(e, element)) {
					removed++;
				}
				else {
					kept.add(e);
				}
			}
		}
		else {
			for (int i = this.size - 1; i >= 0; i--) {
				byte[] e = get(i);
				if (removed < limit && Arrays.equals(e, element)) {
					removed++;
				}
				else {
					kept.add(0, e);
				}
			}
		}
		if (removed > 0) {
			clear();
			kept.forEach(this::pushRight);
		}
		return removed;
	}

	/**
	 * LPOS: positions of {@code element}, skipping the first |rank|-1 matches (from the tail
	 * when rank is negative), at most {@code count} of them (0: all), looking at no more than
	 * {@code maxLen} elements (0: all).
	 */
	public List<Long> positions(byte[] element, long rank, long count, long maxLen) {
		List<Long> out = new ArrayList<>();
		long skip = Math.abs(rank) - 1;
		long limit = (count == 0) ? Long.MAX_VALUE : count;
		long compared = 0;
		for (int step = 0; step < this.size && out.size() < limit; step++) {
			if (maxLen > 0 && compared >= maxLen) {
				break;
			}
			int i = (rank > 0) ? step : this.size - 1 - step;
			compared++;
			if (Arrays.equals(get(i), element)) {
				if (skip > 0) {
					skip--;
				}
				else {
					out.add((long) i);
				}
			}
		}
		return out;
	}

	@Override
	public long memoryUsage() {
		return 32 + this.items.length * 4L + this.payloadBytes;
	}

	@Override
	public ListValue copy() {
		ListValue copy = new ListValue();
		copy.items = this.items.clone();
		copy.head = this.head;
		copy.size = this.size;
		copy.payloadBytes = this.payloadBytes;
		return copy;
	}

}
