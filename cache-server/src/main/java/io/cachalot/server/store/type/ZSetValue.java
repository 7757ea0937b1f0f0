package io.cachalot.server.store.type;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import io.cachalot.server.store.MemoryEstimate;
import io.cachalot.server.store.ValueType;
import io.cachalot.server.store.type.ZSkipList.Node;

/**
 * A sorted set: a member-to-node map for O(1) scores and a {@link ZSkipList} for order, as
 * Redis's "skiplist" encoding (OBJECT ENCODING reports that name; a compact encoding for
 * small sets is still to come). Range, rank and count queries follow Redis's index and
 * interval rules; ranks here are 0-based.
 */
public final class ZSetValue implements TypedValue {

	private final Map<ByteBuffer, Node> dict = new HashMap<>();

	private final ZSkipList list = new ZSkipList();

	private long payloadBytes;

	/** A member and its score. */
	public record Entry(byte[] member, double score) {
	}

	/** A score interval; {@code minExclusive} and {@code maxExclusive} as "(" in Redis. */
	public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {

		boolean aboveMin(double score) {
			return this.minExclusive ? score > this.min : score >= this.min;
		}

		boolean belowMax(double score) {
			return this.maxExclusive ? score < this.max : score <= this.max;
		}

		boolean isEmpty() {
			return this.min > this.max || (this.min == this.max && (this.minExclusive || this.maxExclusive));
		}

	}

	/**
	 * A lexicographic interval. Each bound is a value ({@code kind} 0), or "-" ({@code kind}
	 * -1, below every member) or "+" ({@code kind} 1, above every member), as Redis parses them.
	 */
	public record LexRange(int minKind, byte[] min, boolean minExclusive, int maxKind, byte[] max,
			boolean maxExclusive) {

		private static int compare(byte[] member, int kind, byte[] bound) {
			return (kind != 0) ? -kind : java.util.Arrays.compareUnsigned(member, bound);
		}

		boolean aboveMin(byte[] member) {
			int c = compare(member, this.minKind, this.min);
			return this.minExclusive ? c > 0 : c >= 0;
		}

		boolean belowMax(byte[] member) {
			int c = compare(member, this.maxKind, this.max);
			return this.maxExclusive ? c < 0 : c <= 0;
		}

		/** Redis's test for ranges that are always empty ({@code sdscmplex} of the bounds). */
		boolean isEmpty() {
			int c;
			if (this.minKind != 0 || this.maxKind != 0) {
				c = Integer.compare(this.minKind, this.maxKind);
			}
			else {
				c = java.util.Arrays.compareUnsigned(this.min, this.max);
			}
			return c > 0 || (c == 0 && (this.minExclusive || this.maxExclusive));
		}

	}

	/**
	 * Redis's {@code zslIsInLexRange}: an empty range, or one that misses the first and last
	 * elements (in score order), selects nothing, whatever lies between.
	 */
	private boolean inLexRange(LexRange range) {
		if (range.isEmpty() || isEmpty()) {
			return false;
		}
		return range.aboveMin(this.list.tail.member) && range.belowMax(this.list.header.next().member);
	}

	@Override
	public ValueType type() {
		return ValueType.ZSET;
	}

	@Override
	public String encoding() {
		return "skiplist";
	}

	public int size() {
		return this.dict.size();
	}

	@Override
	public boolean isEmpty() {
		return this.dict.isEmpty();
	}

	public Double score(byte[] member) {
		Node n = this.dict.get(ByteBuffer.wrap(member));
		return (n == null) ? null : n.score;
	}

	/** Sets a member's score; returns whether the member was new. */
	public boolean put(byte[] member, double score) {
		ByteBuffer k = ByteBuffer.wrap(member);
		Node existing = this.dict.get(k);
		if (existing != null) {
			if (existing.score != score) {
				this.list.delete(existing.score, existing.member);
				this.dict.put(k, this.list.insert(score, existing.member));
			}
			return false;
		}
		this.dict.put(k, this.list.insert(score, member));
		this.payloadBytes += MemoryEstimate.byteArray(member.length);
		return true;
	}

	public boolean remove(byte[] member) {
		Node n = this.dict.remove(ByteBuffer.wrap(member));
		if (n == null) {
			return false;
		}
		this.list.delete(n.score, n.member);
		this.payloadBytes -= MemoryEstimate.byteArray(member.length);
		return true;
	}

	/** 0-based rank, from the highest score when {@code reverse}; -1 when absent. */
	public long rank(byte[] member, boolean reverse) {
		Node n = this.dict.get(ByteBuffer.wrap(member));
		if (n == null) {
			return -1;
		}
		long r = this.list.rank(n.score, n.member) - 1;
		return reverse ? size() - 1 - r : r;
	}

	/** Redis's rank interval [start, stop] (negative from the end), clamped; null when empty. */
	private long[] rankInterval(long start, long stop) {
		long len = size();
		if (start < 0) {
			start = len + start;
		}
		if (stop < 0) {
			stop = len + stop;
		}
		if (start < 0) {
			start = 0;
		}
		if (start > stop || start >= len) {
			return null;
		}
		if (stop >= len) {
			stop = len - 1;
		}
		return new long[] { start, stop };
	}

	public List<Entry> rangeByRank(long start, long stop, boolean reverse) {
		List<Entry> out = new ArrayList<>();
		long[] r = rankInterval(start, stop);
		if (r == null) {
			return out;
		}
		long count = r[1] - r[0] + 1;
		Node n = reverse ? this.list.byRank(size() - r[0]) : this.list.byRank(r[0] + 1);
		for (long i = 0; i < count && n != null; i++) {
			out.add(new Entry(n.member, n.score));
			n = reverse ? n.backward : n.next();
		}
		return out;
	}

	/** Members with scores in {@code range}, after skipping {@code offset}, at most {@code limit} (-1: all). */
	public List<Entry> rangeByScore(ScoreRange range, boolean reverse, long offset, long limit) {
		List<Entry> out = new ArrayList<>();
		if (range.isEmpty() || offset < 0) {
			return out;
		}
		Node n = reverse ? this.list.lastWhere(x -> range.belowMax(x.score))
				: this.list.firstWhere(x -> range.aboveMin(x.score));
		for (; n != null && offset > 0; offset--) {
			n = reverse ? n.backward : n.next();
		}
		while (n != null && limit != 0 && (reverse ? range.aboveMin(n.score) : range.belowMax(n.score))) {
			out.add(new Entry(n.member, n.score));
			limit--;
			n = reverse ? n.backward : n.next();
		}
		return out;
	}

	/** Members in {@code range} by member bytes (meaningful when all scores are equal). */
	public List<Entry> rangeByLex(LexRange range, boolean reverse, long offset, long limit) {
		List<Entry> out = new ArrayList<>();
		if (offset < 0 || !inLexRange(range)) {
			return out;
		}
		Node n = reverse ? this.list.lastWhere(x -> range.belowMax(x.member))
				: this.list.firstWhere(x -> range.aboveMin(x.member));
		for (; n != null && offset > 0; offset--) {
			n = reverse ? n.backward : n.next();
		}
		while (n != null && limit != 0 && (reverse ? range.aboveMin(n.member) : range.belowMax(n.member))) {
			out.add(new Entry(n.member, n.score));
			limit--;
			n = reverse ? n.backward : n.next();
		}
		return out;
	}

	/** Members with scores in {@code range}, by rank arithmetic (O(log n)). */
	public long countByScore(ScoreRange range) {
		if (range.isEmpty()) {
			return 0;
		}
		Node first = this.list.firstWhere(x -> range.aboveMin(x.score));
		if (first == null || !range.belowMax(first.score)) {
			return 0;
		}
		Node last = this.list.lastWhere(x -> range.belowMax(x.score));
		return this.list.rank(last.score, last.member) - this.list.rank(first.score, first.member) + 1;
	}

	public long countByLex(LexRange range) {
		return rangeByLex(range, false, 0, -1).size();
	}

	/** Removes the given entries; returns how many were removed. */
	public long removeAll(List<Entry> entries) {
		long removed = 0;
		for (Entry e : entries) {
			removed += remove(e.member()) ? 1 : 0;
		}
		return removed;
	}

	/** Pops up to {@code count} lowest (or highest) entries. */
	public List<Entry> pop(long count, boolean max) {
		List<Entry> out = new ArrayList<>();
		for (long i = 0; i < count && !isEmpty(); i++) {
			Node n = max ? this.list.tail : this.list.header.next();
			out.add(new Entry(n.member, n.score));
			remove(n.member);
		}
		return out;
	}

	public Entry randomEntry(RandomGenerator rnd) {
		Node n = this.list.byRank(1 + rnd.nextLong(size()));
		return new Entry(n.member, n.score);
	}

	/** All entries in ascending order. */
	public List<Entry> entries() {
		return rangeByRank(0, -1, false);
	}

	@Override
	public long memoryUsage() {
		// map entry and key wrapper (~64 B), skip-list node with its level arrays (~72 B)
		return 64 + size() * 136L + this.payloadBytes;
	}

	@Override
	public ZSetValue copy() {
		ZSetValue copy = new ZSetValue();
		for (Entry e : entries()) {
			copy.put(e.member(), e.score());
		}
		return copy;
	}

}
