package io.cachalot.server.store.type;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

import io.cachalot.server.store.MemoryEstimate;
import io.cachalot.server.store.ValueType;
import io.cachalot.server.store.type.ZScoreTree.Cursor;

/**
 * A sorted set. Small sets (within {@link EncodingLimits#zsetEntries()} members of at most
 * {@link EncodingLimits#zsetValue()} bytes) are two arrays sorted by (score, member) — Redis's
 * "listpack", scanned linearly as Redis scans it; larger ones convert once to a
 * member-to-score {@link ScoreMap} for O(1) scores plus a {@link ZScoreTree} for O(log n)
 * order (reported as Redis's "skiplist", the encoding it stands in for).
 * Range, rank and count queries follow Redis's index and interval rules; ranks are 0-based.
 */
public final class ZSetValue implements TypedValue {

	private final EncodingLimits limits;

	// "listpack" encoding: entries sorted by (score, member) in two arrays; null once converted
	private byte[][] lpMembers = new byte[4][];

	private double[] lpScores = new double[4];

	private int lpSize;

	// "skiplist" encoding: created when the set outgrows the listpack limits
	private ScoreMap dict;

	private ZScoreTree tree;

	private long payloadBytes;

	/** A sorted set with Redis's default encoding limits. */
	public ZSetValue() {
		this(EncodingLimits.DEFAULTS);
	}

	public ZSetValue(EncodingLimits limits) {
		this.limits = limits;
	}

	private boolean small() {
		return this.tree == null;
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
		while (at < this.lpSize && ZScoreTree.compare(this.lpScores[at], this.lpMembers[at], score, member) < 0) {
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

	/** Converts to the dictionary and tree, once and for good, as Redis does past the listpack limits. */
	private void convert() {
		this.dict = new ScoreMap(this.lpSize);
		this.tree = new ZScoreTree();
		for (int i = 0; i < this.lpSize; i++) {
			this.dict.setScoreAt(this.dict.claim(this.lpMembers[i]), this.lpScores[i]);
			this.tree.insert(this.lpScores[i], this.lpMembers[i]);
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
		byte[] last = small() ? this.lpMembers[this.lpSize - 1] : this.tree.last().member();
		byte[] first = small() ? this.lpMembers[0] : this.tree.first().member();
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
		int slot = this.dict.slotOf(member);
		return (slot < 0) ? null : this.dict.scoreAt(slot);
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
		int slot = this.dict.claim(member);
		if (slot < 0) {
			slot = -slot - 1;
			double old = this.dict.scoreAt(slot);
			if (old != score) {
				byte[] stored = this.dict.keyAt(slot);
				this.tree.delete(old, stored);
				this.tree.insert(score, stored);
				this.dict.setScoreAt(slot, score);
			}
			return false;
		}
		this.dict.setScoreAt(slot, score);
		this.tree.insert(score, member);
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
		int slot = this.dict.slotOf(member);
		if (slot < 0) {
			return false;
		}
		this.tree.delete(this.dict.scoreAt(slot), this.dict.keyAt(slot));
		this.dict.removeAt(slot);
		this.payloadBytes -= MemoryEstimate.byteArray(member.length);
		return true;
	}

	/** 0-based rank, from the highest score when {@code reverse}; -1 when absent. */
	public long rank(byte[] member, boolean reverse) {
		if (small()) {
			int i = lpIndexOf(member);
			return (i < 0) ? -1 : reverse ? this.lpSize - 1 - i : i;
		}
		int slot = this.dict.slotOf(member);
		if (slot < 0) {
			return -1;
		}
		long r = this.tree.rank(this.dict.scoreAt(slot), member);
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
		Cursor c = this.tree.select(reverse ? size() - 1 - r[0] : r[0]);
		for (long i = 0; i < count; i++) {
			out.add(new Entry(c.member(), c.score()));
			if (!(reverse ? c.prev() : c.next())) {
				break;
			}
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
		Cursor c = reverse ? this.tree.lastWhere((s, m) -> range.belowMax(s))
				: this.tree.firstWhere((s, m) -> range.aboveMin(s));
		if (c == null || !c.move(offset, reverse)) {
			return out;
		}
		while (limit != 0 && (reverse ? range.aboveMin(c.score()) : range.belowMax(c.score()))) {
			out.add(new Entry(c.member(), c.score()));
			limit--;
			if (!(reverse ? c.prev() : c.next())) {
				break;
			}
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
		Cursor c = reverse ? this.tree.lastWhere((s, m) -> range.belowMax(m))
				: this.tree.firstWhere((s, m) -> range.aboveMin(m));
		if (c == null || !c.move(offset, reverse)) {
			return out;
		}
		while (limit != 0 && (reverse ? range.aboveMin(c.member()) : range.belowMax(c.member()))) {
			out.add(new Entry(c.member(), c.score()));
			limit--;
			if (!(reverse ? c.prev() : c.next())) {
				break;
			}
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
		Cursor first = this.tree.firstWhere((s, m) -> range.aboveMin(s));
		if (first == null || !range.belowMax(first.score())) {
			return 0;
		}
		Cursor last = this.tree.lastWhere((s, m) -> range.belowMax(s));
		return this.tree.rankOf(last) - this.tree.rankOf(first) + 1;
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
			Cursor c = max ? this.tree.last() : this.tree.first();
			out.add(new Entry(c.member(), c.score()));
			remove(c.member());
		}
		return out;
	}

	public Entry randomEntry(RandomGenerator rnd) {
		if (small()) {
			int i = rnd.nextInt(this.lpSize);
			return new Entry(this.lpMembers[i], this.lpScores[i]);
		}
		Cursor c = this.tree.select(rnd.nextLong(size()));
		return new Entry(c.member(), c.score());
	}

	/** One ZSCAN step: listpacks answer everything at once with cursor 0, as Redis does. */
	public long scan(long cursor, int count, EntryVisitor visitor) {
		if (small()) {
			for (int i = 0; i < this.lpSize; i++) {
				visitor.visit(this.lpMembers[i], this.lpScores[i]);
			}
			return 0;
		}
		return this.dict.scanSlots(cursor, count, slot -> visitor.visit(this.dict.keyAt(slot), this.dict.scoreAt(slot)));
	}

	@FunctionalInterface
	public interface EntryVisitor {

		void visit(byte[] member, double score);

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
		// the dictionary counts the member bytes once; the tree shares the same arrays
		return 64 + this.dict.memoryUsage() + this.tree.memoryUsage();
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
