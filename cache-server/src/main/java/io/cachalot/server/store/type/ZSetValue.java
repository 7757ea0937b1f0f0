package io.cachalot.server.store.type;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import io.cachalot.server.store.MemoryEstimate;
import io.cachalot.server.store.ValueType;
import io.cachalot.server.store.type.ZSkipList.Node;

/**
 * A sorted set. Small sets (within {@link EncodingLimits#zsetEntries()} members of at most
 * {@link EncodingLimits#zsetValue()} bytes) are two arrays sorted by (score, member) — Redis's
 * "listpack", scanned linearly as Redis scans it; larger ones convert once to a
 * member-to-node map for O(1) scores plus a {@link ZSkipList} for O(log n) order ("skiplist").
 * Range, rank and count queries follow Redis's index and interval rules; ranks are 0-based.
 */
public final class ZSetValue implements TypedValue {

	private final EncodingLimits limits;

	// "listpack" encoding: entries sorted by (score, member) in two arrays; null once converted
	private byte[][] lpMembers = new byte[4][];

	private double[] lpScores = new double[4];

	private int lpSize;

	// "skiplist" encoding: created when the set outgrows the listpack limits
	private Map<ByteBuffer, Node> dict;

	private ZSkipList list;

	private long payloadBytes;

	/** A sorted set with Redis's default encoding limits. */
	public ZSetValue() {
		this(EncodingLimits.DEFAULTS);
	}

	public ZSetValue(EncodingLimits limits) {
		this.limits = limits;
	}

	private boolean small() {
		return this.list == null;
	}

	private int lpIndexOf(byte[] member) {
		for (int i = 0; i < this.lpSize; i++) {
			if (Arrays.equals(this.lpMembers[i], member)) {
				return i;
			}
		}
		return -1;
	}

	private void lpRemoveAt(int i) {
		System.arraycopy(this.lpMembers, i + 1, this.lpMembers, i, this.lpSize - i - 1);
		System.arraycopy(this.lpScores, i + 1, this.lpScores, i, this.lpSize - i - 1);
		this.lpSize--;
		this.lpMembers[this.lpSize] = null;
	}

	private void lpInsert(byte[] member, double score) {
		int at = 0;
		while (at < this.lpSize && ZSkipList.compare(this.lpScores[at], this.lpMembers[at], score, member) < 0) {
			at++;
		}
		if (this.lpSize == this.lpMembers.length) {
			this.lpMembers = Arrays.copyOf(this.lpMembers, this.lpSize * 2);
			this.lpScores = Arrays.copyOf(this.lpScores, this.lpSize * 2);
		}
		System.arraycopy(this.lpMembers, at, this.lpMembers, at + 1, this.lpSize - at);
		System.arraycopy(this.lpScores, at, this.lpScores, at + 1, this.lpSize - at);
		this.lpMembers[at] = member;
		this.lpScores[at] = score;
		this.lpSize++;
	}

	/** Converts to the skip list, once and for good, as Redis does past the listpack limits. */
	private void convert() {
		this.dict = new HashMap<>();
		this.list = new ZSkipList();
		for (int i = 0; i < this.lpSize; i++) {
			this.dict.put(ByteBuffer.wrap(this.lpMembers[i]), this.list.insert(this.lpScores[i], this.lpMembers[i]));
		}
		this.lpMembers = null;
		this.lpScores = null;
		this.lpSize = 0;
	}

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
			return (kind != 0) ? -kind : Arrays.compareUnsigned(member, bound);
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
				c = Arrays.compareUnsigned(this.min, this.max);
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
		byte[] last = small() ? this.lpMembers[this.lpSize - 1] : this.list.tail.member;
		byte[] first = small() ? this.lpMembers[0] : this.list.header.next().member;
		return range.aboveMin(last) && range.belowMax(first);
	}

	@Override
	public ValueType type() {
		return ValueType.ZSET;
	}

	@Override
	public String encoding() {
		return small() ? "listpack" : "skiplist";
	}

	public int size() {
		return small() ? this.lpSize : this.dict.size();
	}

	@Override
	public boolean isEmpty() {
		return size() == 0;
	}

	public Double score(byte[] member) {
		if (small()) {
			int i = lpIndexOf(member);
			return (i < 0) ? null : this.lpScores[i];
		}
		Node n = this.dict.get(ByteBuffer.wrap(member));
		return (n == null) ? null : n.score;
	}

	/** Sets a member's score; returns whether the member was new. */
	public boolean put(byte[] member, double score) {
		if (small()) {
			int i = lpIndexOf(member);
			if (i >= 0) {
				if (this.lpScores[i] != score) {
					byte[] m = this.lpMembers[i];
					lpRemoveAt(i);
					lpInsert(m, score);
				}
				return false;
			}
			lpInsert(member, score);
			this.payloadBytes += MemoryEstimate.byteArray(member.length);
			if (this.lpSize > this.limits.zsetEntries() || member.length > this.limits.zsetValue()) {
				convert();
			}
			return true;
		}
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
		if (small()) {
			int i = lpIndexOf(member);
			if (i < 0) {
				return false;
			}
			lpRemoveAt(i);
			this.payloadBytes -= MemoryEstimate.byteArray(member.length);
			return true;
		}
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
		if (small()) {
			int i = lpIndexOf(member);
			return (i < 0) ? -1 : reverse ? this.lpSize - 1 - i : i;
		}
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
		if (small()) {
			for (long k = 0; k < count; k++) {
				int i = (int) (reverse ? this.lpSize - 1 - r[0] - k : r[0] + k);
				out.add(new Entry(this.lpMembers[i], this.lpScores[i]));
			}
			return out;
		}
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
		if (small()) {
			// listpack: scan from the head (or tail) to the first entry in range, then while in range
			int step = reverse ? -1 : 1;
			int i = reverse ? this.lpSize - 1 : 0;
			while (i >= 0 && i < this.lpSize && !(reverse ? range.belowMax(this.lpScores[i]) : range.aboveMin(this.lpScores[i]))) {
				i += step;
			}
			for (; i >= 0 && i < this.lpSize && offset > 0; i += step) {
				offset--;
			}
			for (; i >= 0 && i < this.lpSize && limit != 0
					&& (reverse ? range.aboveMin(this.lpScores[i]) : range.belowMax(this.lpScores[i])); i += step) {
				out.add(new Entry(this.lpMembers[i], this.lpScores[i]));
				limit--;
			}
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
		if (small()) {
			int step = reverse ? -1 : 1;
			int i = reverse ? this.lpSize - 1 : 0;
			while (i >= 0 && i < this.lpSize && !(reverse ? range.belowMax(this.lpMembers[i]) : range.aboveMin(this.lpMembers[i]))) {
				i += step;
			}
			for (; i >= 0 && i < this.lpSize && offset > 0; i += step) {
				offset--;
			}
			for (; i >= 0 && i < this.lpSize && limit != 0
					&& (reverse ? range.aboveMin(this.lpMembers[i]) : range.belowMax(this.lpMembers[i])); i += step) {
				out.add(new Entry(this.lpMembers[i], this.lpScores[i]));
				limit--;
			}
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
		if (small()) {
			return rangeByScore(range, false, 0, -1).size();
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
			if (small()) {
				int at = max ? this.lpSize - 1 : 0;
				out.add(new Entry(this.lpMembers[at], this.lpScores[at]));
				remove(this.lpMembers[at]);
				continue;
			}
			Node n = max ? this.list.tail : this.list.header.next();
			out.add(new Entry(n.member, n.score));
			remove(n.member);
		}
		return out;
	}

	public Entry randomEntry(RandomGenerator rnd) {
		if (small()) {
			int i = rnd.nextInt(this.lpSize);
			return new Entry(this.lpMembers[i], this.lpScores[i]);
		}
		Node n = this.list.byRank(1 + rnd.nextLong(size()));
		return new Entry(n.member, n.score);
	}

	/** All entries in ascending order. */
	public List<Entry> entries() {
		return rangeByRank(0, -1, false);
	}

	@Override
	public long memoryUsage() {
		if (small()) {
			return 48 + this.lpMembers.length * 12L + this.payloadBytes;
		}
		// map entry and key wrapper (~64 B), skip-list node with its level arrays (~72 B)
		return 64 + size() * 136L + this.payloadBytes;
	}

	@Override
	public ZSetValue copy() {
		ZSetValue copy = new ZSetValue(this.limits);
		for (Entry e : entries()) {
			copy.put(e.member(), e.score());
		}
		return copy;
	}

}
