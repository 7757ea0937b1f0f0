package io.cachalot.server.store.type;

import java.util.Arrays;

/**
 * The ordered half of a large sorted set: a counted B+tree ordered by (score, member bytes).
 *
 * <p>Redis keeps this order in a skip list with spans. In Java every skip-list step costs
 * several dependent cache misses (node, level array, span array, next node), which made
 * ZADD on a 100k-member set half as fast as Redis. Here leaves hold up to
 * {@value #LEAF_CAPACITY} entries in parallel arrays — the scores contiguous, so a search
 * compares doubles within a few cache lines and reads member bytes only on equal scores —
 * and inner pages hold separator keys plus each child's entry count, so rank and select stay
 * O(log n) with a tree three levels deep at 100k members.
 *
 * <p>Invariants: in an inner page, child {@code i} holds keys {@code >= sep[i-1]} and
 * {@code < sep[i]}. Separators may be stale (a deleted key) — the ordering still holds, so
 * searches stay correct. Pages other than the root keep at least a quarter of their capacity
 * (merged with or refilled from a sibling otherwise). Leaves are doubly linked for range
 * walks through a {@link Cursor}. Ranks are 0-based.
 */
final class ZScoreTree {

	static final int LEAF_CAPACITY = 64;

	static final int INNER_CAPACITY = 64;

	private abstract static sealed class Page permits Leaf, Inner {

		int size;

	}

	private static final class Leaf extends Page {

		final double[] scores = new double[LEAF_CAPACITY];

		final byte[][] members = new byte[LEAF_CAPACITY][];

		Leaf prev;

		Leaf next;

	}

	private static final class Inner extends Page {

		final double[] sepScores = new double[INNER_CAPACITY - 1];

		final byte[][] sepMembers = new byte[INNER_CAPACITY - 1][];

		final Page[] children = new Page[INNER_CAPACITY];

		final int[] counts = new int[INNER_CAPACITY];

	}

	/** A monotone test over (score, member) in tree order. */
	@FunctionalInterface
	interface KeyTest {

		boolean test(double score, byte[] member);

	}

	/** A position on an entry; moves along the leaf chain. */
	static final class Cursor {

		private Leaf leaf;

		private int index;

		private Cursor(Leaf leaf, int index) {
			this.leaf = leaf;
			this.index = index;
		}

		double score() {
			return this.leaf.scores[this.index];
		}

		byte[] member() {
			return this.leaf.members[this.index];
		}

		/** Moves to the next entry; false (and unusable) past the last. */
		boolean next() {
			if (++this.index < this.leaf.size) {
				return true;
			}
			this.leaf = this.leaf.next;
			this.index = 0;
			return this.leaf != null;
		}

		/** Moves to the previous entry; false (and unusable) before the first. */
		boolean prev() {
			if (--this.index >= 0) {
				return true;
			}
			this.leaf = this.leaf.prev;
			this.index = (this.leaf != null) ? this.leaf.size - 1 : 0;
			return this.leaf != null;
		}

		/** Moves {@code steps} entries forward or back (negative); false when it falls off. */
		boolean move(long steps, boolean backward) {
			for (long i = 0; i < steps; i++) {
				if (!(backward ? prev() : next())) {
					return false;
				}
			}
			return true;
		}

	}

	private Page root = new Leaf();

	private long size;

	// the separator and new page of the last split, set by insert(Page, ...)
	private double splitScore;

	private byte[] splitMember;

	static int compare(double s1, byte[] m1, double s2, byte[] m2) {
		if (s1 < s2) {
			return -1;
		}
		if (s1 > s2) {
			return 1;
		}
		return Arrays.compareUnsigned(m1, m2);
	}

	long size() {
		return this.size;
	}

	/** The number of separators {@code <= key}: the child that holds or receives the key. */
	private static int childIndex(Inner p, double score, byte[] member) {
		int lo = 0;
		int hi = p.size - 1;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (compare(p.sepScores[mid], p.sepMembers[mid], score, member) <= 0) {
				lo = mid + 1;
			}
			else {
				hi = mid;
			}
		}
		return lo;
	}

	/** The number of entries {@code < key} in a leaf: where the key is or would go. */
	private static int lowerBound(Leaf leaf, double score, byte[] member) {
		int lo = 0;
		int hi = leaf.size;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (compare(leaf.scores[mid], leaf.members[mid], score, member) < 0) {
				lo = mid + 1;
			}
			else {
				hi = mid;
			}
		}
		return lo;
	}

	private static boolean isAt(Leaf leaf, int i, double score, byte[] member) {
		return i < leaf.size && leaf.scores[i] == score && Arrays.equals(leaf.members[i], member);
	}

	private static int total(Page p) {
		if (p instanceof Inner inner) {
			int sum = 0;
			for (int i = 0; i < inner.size; i++) {
				sum += inner.counts[i];
			}
			return sum;
		}
		return p.size;
	}

	// ---- insert ----

	/** Inserts a key that is not present. */
	void insert(double score, byte[] member) {
		Page split = insert(this.root, score, member);
		if (split != null) {
			Inner top = new Inner();
			top.children[0] = this.root;
			top.children[1] = split;
			top.counts[0] = total(this.root);
			top.counts[1] = total(split);
			top.sepScores[0] = this.splitScore;
			top.sepMembers[0] = this.splitMember;
			top.size = 2;
			this.root = top;
		}
		this.size++;
	}

	/** Inserts below {@code p}; returns the new right sibling when {@code p} split. */
	private Page insert(Page p, double score, byte[] member) {
		if (p instanceof Leaf leaf) {
			return insertIntoLeaf(leaf, lowerBound(leaf, score, member), score, member);
		}
		Inner inner = (Inner) p;
		int i = childIndex(inner, score, member);
		Page split = insert(inner.children[i], score, member);
		if (split == null) {
			inner.counts[i]++;
			return null;
		}
		inner.counts[i] = total(inner.children[i]);
		return insertChild(inner, i + 1, split, total(split), this.splitScore, this.splitMember);
	}

	private Leaf insertIntoLeaf(Leaf leaf, int at, double score, byte[] member) {
		if (leaf.size < LEAF_CAPACITY) {
			shiftRight(leaf, at);
			leaf.scores[at] = score;
			leaf.members[at] = member;
			leaf.size++;
			return null;
		}
		Leaf right = new Leaf();
		int half = LEAF_CAPACITY / 2;
		System.arraycopy(leaf.scores, half, right.scores, 0, LEAF_CAPACITY - half);
		System.arraycopy(leaf.members, half, right.members, 0, LEAF_CAPACITY - half);
		Arrays.fill(leaf.members, half, LEAF_CAPACITY, null);
		leaf.size = half;
		right.size = LEAF_CAPACITY - half;
		right.next = leaf.next;
		right.prev = leaf;
		if (leaf.next != null) {
			leaf.next.prev = right;
		}
		leaf.next = right;
		if (at <= half) {
			insertIntoLeaf(leaf, at, score, member);
		}
		else {
			insertIntoLeaf(right, at - half, score, member);
		}
		this.splitScore = right.scores[0];
		this.splitMember = right.members[0];
		return right;
	}

	private static void shiftRight(Leaf leaf, int at) {
		System.arraycopy(leaf.scores, at, leaf.scores, at + 1, leaf.size - at);
		System.arraycopy(leaf.members, at, leaf.members, at + 1, leaf.size - at);
	}

	/**
	 * Puts {@code child} at index {@code at} (with separator {@code at - 1}); splits the page
	 * when full and returns the new right page, its separator left in splitScore/splitMember.
	 */
	private Inner insertChild(Inner p, int at, Page child, int count, double sepScore, byte[] sepMember) {
		if (p.size < INNER_CAPACITY) {
			System.arraycopy(p.children, at, p.children, at + 1, p.size - at);
			System.arraycopy(p.counts, at, p.counts, at + 1, p.size - at);
			System.arraycopy(p.sepScores, at - 1, p.sepScores, at, p.size - at);
			System.arraycopy(p.sepMembers, at - 1, p.sepMembers, at, p.size - at);
			p.children[at] = child;
			p.counts[at] = count;
			p.sepScores[at - 1] = sepScore;
			p.sepMembers[at - 1] = sepMember;
			p.size++;
			return null;
		}
		// full: split into [0, half) and [half, size); separator half-1 moves up
		Inner right = new Inner();
		int half = INNER_CAPACITY / 2;
		int moved = INNER_CAPACITY - half;
		System.arraycopy(p.children, half, right.children, 0, moved);
		System.arraycopy(p.counts, half, right.counts, 0, moved);
		System.arraycopy(p.sepScores, half, right.sepScores, 0, moved - 1);
		System.arraycopy(p.sepMembers, half, right.sepMembers, 0, moved - 1);
		double upScore = p.sepScores[half - 1];
		byte[] upMember = p.sepMembers[half - 1];
		Arrays.fill(p.children, half, INNER_CAPACITY, null);
		Arrays.fill(p.sepMembers, half - 1, INNER_CAPACITY - 1, null);
		p.size = half;
		right.size = moved;
		if (at <= half) {
			insertChild(p, at, child, count, sepScore, sepMember);
		}
		else {
			insertChild(right, at - half, child, count, sepScore, sepMember);
		}
		this.splitScore = upScore;
		this.splitMember = upMember;
		return right;
	}

	// ---- delete ----

	/** Deletes a key; false when it was not present. */
	boolean delete(double score, byte[] member) {
		if (!delete(this.root, score, member)) {
			return false;
		}
		if (this.root instanceof Inner inner && inner.size == 1) {
			this.root = inner.children[0];
		}
		this.size--;
		return true;
	}

	private boolean delete(Page p, double score, byte[] member) {
		if (p instanceof Leaf leaf) {
			int at = lowerBound(leaf, score, member);
			if (!isAt(leaf, at, score, member)) {
				return false;
			}
			System.arraycopy(leaf.scores, at + 1, leaf.scores, at, leaf.size - at - 1);
			System.arraycopy(leaf.members, at + 1, leaf.members, at, leaf.size - at - 1);
			leaf.members[--leaf.size] = null;
			return true;
		}
		Inner inner = (Inner) p;
		int i = childIndex(inner, score, member);
		Page child = inner.children[i];
		if (!delete(child, score, member)) {
			return false;
		}
		inner.counts[i]--;
		int min = ((child instanceof Leaf) ? LEAF_CAPACITY : INNER_CAPACITY) / 4;
		if (child.size < min && inner.size > 1) {
			rebalance(inner, (i > 0) ? i - 1 : i);
		}
		return true;
	}

	/** Merges children {@code a} and {@code a + 1} of {@code p}, or evens them out. */
	private static void rebalance(Inner p, int a) {
		Page left = p.children[a];
		Page right = p.children[a + 1];
		if (left instanceof Leaf l) {
			Leaf r = (Leaf) right;
			if (l.size + r.size <= LEAF_CAPACITY) {
				System.arraycopy(r.scores, 0, l.scores, l.size, r.size);
				System.arraycopy(r.members, 0, l.members, l.size, r.size);
				l.size += r.size;
				l.next = r.next;
				if (r.next != null) {
					r.next.prev = l;
				}
				removeChild(p, a + 1);
				p.counts[a] = l.size;
				return;
			}
			int target = (l.size + r.size) / 2;
			if (l.size < target) {
				int n = target - l.size;
				System.arraycopy(r.scores, 0, l.scores, l.size, n);
				System.arraycopy(r.members, 0, l.members, l.size, n);
				System.arraycopy(r.scores, n, r.scores, 0, r.size - n);
				System.arraycopy(r.members, n, r.members, 0, r.size - n);
				Arrays.fill(r.members, r.size - n, r.size, null);
				l.size += n;
				r.size -= n;
			}
			else {
				int n = l.size - target;
				System.arraycopy(r.scores, 0, r.scores, n, r.size);
				System.arraycopy(r.members, 0, r.members, n, r.size);
				System.arraycopy(l.scores, target, r.scores, 0, n);
				System.arraycopy(l.members, target, r.members, 0, n);
				Arrays.fill(l.members, target, l.size, null);
				l.size -= n;
				r.size += n;
			}
			p.counts[a] = l.size;
			p.counts[a + 1] = r.size;
			p.sepScores[a] = r.scores[0];
			p.sepMembers[a] = r.members[0];
			return;
		}
		Inner l = (Inner) left;
		Inner r = (Inner) right;
		if (l.size + r.size <= INNER_CAPACITY) {
			// the parent's separator comes down between the two halves
			l.sepScores[l.size - 1] = p.sepScores[a];
			l.sepMembers[l.size - 1] = p.sepMembers[a];
			System.arraycopy(r.sepScores, 0, l.sepScores, l.size, r.size - 1);
			System.arraycopy(r.sepMembers, 0, l.sepMembers, l.size, r.size - 1);
			System.arraycopy(r.children, 0, l.children, l.size, r.size);
			System.arraycopy(r.counts, 0, l.counts, l.size, r.size);
			l.size += r.size;
			p.counts[a] = total(l);
			removeChild(p, a + 1);
			return;
		}
		int target = (l.size + r.size) / 2;
		while (l.size < target) {
			// rotate right's first child to left's end through the parent's separator
			l.sepScores[l.size - 1] = p.sepScores[a];
			l.sepMembers[l.size - 1] = p.sepMembers[a];
			l.children[l.size] = r.children[0];
			l.counts[l.size] = r.counts[0];
			l.size++;
			p.sepScores[a] = r.sepScores[0];
			p.sepMembers[a] = r.sepMembers[0];
			System.arraycopy(r.children, 1, r.children, 0, r.size - 1);
			System.arraycopy(r.counts, 1, r.counts, 0, r.size - 1);
			System.arraycopy(r.sepScores, 1, r.sepScores, 0, r.size - 2);
			System.arraycopy(r.sepMembers, 1, r.sepMembers, 0, r.size - 2);
			r.size--;
			r.children[r.size] = null;
			r.sepMembers[r.size - 1] = null;
		}
		while (l.size > target + 1) {
			// rotate left's last child to right's front through the parent's separator
			System.arraycopy(r.children, 0, r.children, 1, r.size);
			System.arraycopy(r.counts, 0, r.counts, 1, r.size);
			System.arraycopy(r.sepScores, 0, r.sepScores, 1, r.size - 1);
			System.arraycopy(r.sepMembers, 0, r.sepMembers, 1, r.size - 1);
			r.sepScores[0] = p.sepScores[a];
			r.sepMembers[0] = p.sepMembers[a];
			r.children[0] = l.children[l.size - 1];
			r.counts[0] = l.counts[l.size - 1];
			r.size++;
			p.sepScores[a] = l.sepScores[l.size - 2];
			p.sepMembers[a] = l.sepMembers[l.size - 2];
			l.size--;
			l.children[l.size] = null;
			l.sepMembers[l.size - 1] = null;
		}
		p.counts[a] = total(l);
		p.counts[a + 1] = total(r);
	}

	/** Removes child {@code at} (> 0) and the separator before it. */
	private static void removeChild(Inner p, int at) {
		System.arraycopy(p.children, at + 1, p.children, at, p.size - at - 1);
		System.arraycopy(p.counts, at + 1, p.counts, at, p.size - at - 1);
		System.arraycopy(p.sepScores, at, p.sepScores, at - 1, p.size - at - 1);
		System.arraycopy(p.sepMembers, at, p.sepMembers, at - 1, p.size - at - 1);
		p.size--;
		p.children[p.size] = null;
		p.sepMembers[p.size - 1] = null;
	}

	// ---- queries ----

	/** 0-based rank of a key, or -1 when absent. */
	long rank(double score, byte[] member) {
		long rank = 0;
		Page p = this.root;
		while (p instanceof Inner inner) {
			int i = childIndex(inner, score, member);
			for (int j = 0; j < i; j++) {
				rank += inner.counts[j];
			}
			p = inner.children[i];
		}
		Leaf leaf = (Leaf) p;
		int at = lowerBound(leaf, score, member);
		return isAt(leaf, at, score, member) ? rank + at : -1;
	}

	/** A cursor on the entry of 0-based rank {@code rank}, or null when out of range. */
	Cursor select(long rank) {
		if (rank < 0 || rank >= this.size) {
			return null;
		}
		Page p = this.root;
		while (p instanceof Inner inner) {
			int i = 0;
			while (rank >= inner.counts[i]) {
				rank -= inner.counts[i];
				i++;
			}
			p = inner.children[i];
		}
		return new Cursor((Leaf) p, (int) rank);
	}

	Cursor first() {
		return select(0);
	}

	Cursor last() {
		return select(this.size - 1);
	}

	/** The first entry passing {@code atLeast} (false, then true in tree order), or null. */
	Cursor firstWhere(KeyTest atLeast) {
		Page p = this.root;
		while (p instanceof Inner inner) {
			int lo = 0;
			int hi = inner.size - 1;
			while (lo < hi) {
				int mid = (lo + hi) >>> 1;
				if (atLeast.test(inner.sepScores[mid], inner.sepMembers[mid])) {
					hi = mid;
				}
				else {
					lo = mid + 1;
				}
			}
			p = inner.children[lo];
		}
		Leaf leaf = (Leaf) p;
		for (int i = 0; i < leaf.size; i++) {
			if (atLeast.test(leaf.scores[i], leaf.members[i])) {
				return new Cursor(leaf, i);
			}
		}
		return (leaf.next != null) ? new Cursor(leaf.next, 0) : null;
	}

	/** The last entry passing {@code atMost} (true, then false in tree order), or null. */
	Cursor lastWhere(KeyTest atMost) {
		Page p = this.root;
		while (p instanceof Inner inner) {
			// the last child whose lower separator passes (child 0 has none)
			int lo = 0;
			int hi = inner.size - 1;
			while (lo < hi) {
				int mid = (lo + hi + 1) >>> 1;
				if (atMost.test(inner.sepScores[mid - 1], inner.sepMembers[mid - 1])) {
					lo = mid;
				}
				else {
					hi = mid - 1;
				}
			}
			p = inner.children[lo];
		}
		Leaf leaf = (Leaf) p;
		for (int i = leaf.size - 1; i >= 0; i--) {
			if (atMost.test(leaf.scores[i], leaf.members[i])) {
				return new Cursor(leaf, i);
			}
		}
		return (leaf.prev != null) ? new Cursor(leaf.prev, leaf.prev.size - 1) : null;
	}

	/** The 0-based rank of the entry under a cursor. */
	long rankOf(Cursor c) {
		return rank(c.score(), c.member());
	}

	/** Bytes of the pages (not of the members, which the owner counts). */
	long memoryUsage() {
		// a leaf is ~800 B for up to 64 entries; inner pages add about 1/40 of that
		long leaves = Math.max(1, (this.size * 3 / 2 + LEAF_CAPACITY - 1) / LEAF_CAPACITY);
		return leaves * 820;
	}

}
