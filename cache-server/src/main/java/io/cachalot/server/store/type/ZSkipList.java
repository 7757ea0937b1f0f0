package io.cachalot.server.store.type;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ordered half of a sorted set: Redis's skip list with spans, ordered by score then by
 * member bytes, so rank, range by rank, by score and by lex are all O(log n). Ranks are
 * 1-based inside this class, as in Redis's {@code t_zset.c}.
 */
final class ZSkipList {

	static final int MAX_LEVEL = 32;

	private static final double P = 0.25;

	static final class Node {

		final byte[] member;

		double score;

		Node backward;

		final Node[] forward;

		final long[] span;

		Node(int level, double score, byte[] member) {
			this.member = member;
			this.score = score;
			this.forward = new Node[level];
			this.span = new long[level];
		}

		Node next() {
			return this.forward[0];
		}

	}

	final Node header = new Node(MAX_LEVEL, 0, null);

	Node tail;

	long length;

	int level = 1;

	static int compare(double s1, byte[] m1, double s2, byte[] m2) {
		int c = Double.compare(s1, s2);
		if (s1 == s2) {
			c = 0;
		}
		return (c != 0) ? c : Arrays.compareUnsigned(m1, m2);
	}

	private static int randomLevel() {
		int level = 1;
		ThreadLocalRandom rnd = ThreadLocalRandom.current();
		while (level < MAX_LEVEL && rnd.nextDouble() < P) {
			level++;
		}
		return level;
	}

	Node insert(double score, byte[] member) {
		Node[] update = new Node[MAX_LEVEL];
		long[] rank = new long[MAX_LEVEL];
		Node x = this.header;
		for (int i = this.level - 1; i >= 0; i--) {
			rank[i] = (i == this.level - 1) ? 0 : rank[i + 1];
			while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].member, score, member) < 0) {
				rank[i] += x.span[i];
				x = x.forward[i];
			}
			update[i] = x;
		}
		int lvl = randomLevel();
		if (lvl > this.level) {
			for (int i = this.level; i < lvl; i++) {
				rank[i] = 0;
				update[i] = this.header;
				update[i].span[i] = this.length;
			}
			this.level = lvl;
		}
		x = new Node(lvl, score, member);
		for (int i = 0; i < lvl; i++) {
			x.forward[i] = update[i].forward[i];
			update[i].forward[i] = x;
			x.span[i] = update[i].span[i] - (rank[0] - rank[i]);
			update[i].span[i] = (rank[0] - rank[i]) + 1;
		}
		for (int i = lvl; i < this.level; i++) {
			update[i].span[i]++;
		}
		x.backward = (update[0] == this.header) ? null : update[0];
		if (x.forward[0] != null) {
			x.forward[0].backward = x;
		}
		else {
			this.tail = x;
		}
		this.length++;
		return x;
	}

	boolean delete(double score, byte[] member) {
		Node[] update = new Node[MAX_LEVEL];
		Node x = this.header;
		for (int i = this.level - 1; i >= 0; i--) {
			while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].member, score, member) < 0) {
				x = x.forward[i];
			}
			update[i] = x;
		}
		x = x.forward[0];
		if (x != null && compare(x.score, x.member, score, member) == 0) {
			deleteNode(x, update);
			return true;
		}
		return false;
	}

	private void deleteNode(Node x, Node[] update) {
		for (int i = 0; i < this.level; i++) {
			if (update[i].forward[i] == x) {
				update[i].span[i] += x.span[i] - 1;
				update[i].forward[i] = x.forward[i];
			}
			else {
				update[i].span[i] -= 1;
			}
		}
		if (x.forward[0] != null) {
			x.forward[0].backward = x.backward;
		}
		else {
			this.tail = x.backward;
		}
		while (this.level > 1 && this.header.forward[this.level - 1] == null) {
			this.level--;
		}
		this.length--;
	}

	/** 1-based rank of an element known to be present. */
	long rank(double score, byte[] member) {
		long rank = 0;
		Node x = this.header;
		for (int i = this.level - 1; i >= 0; i--) {
			while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].member, score, member) <= 0) {
				rank += x.span[i];
				x = x.forward[i];
			}
			if (x.member != null && compare(x.score, x.member, score, member) == 0) {
				return rank;
			}
		}
		return 0;
	}

	/** The node at a 1-based rank, or null. */
	Node byRank(long rank) {
		if (rank < 1 || rank > this.length) {
			return null;
		}
		long traversed = 0;
		Node x = this.header;
		for (int i = this.level - 1; i >= 0; i--) {
			while (x.forward[i] != null && traversed + x.span[i] <= rank) {
				traversed += x.span[i];
				x = x.forward[i];
			}
			if (traversed == rank) {
				return x;
			}
		}
		return null;
	}

	/** The first node whose (score, member) passes {@code atLeast}, walking from the lowest. */
	Node firstWhere(NodeTest atLeast) {
		Node x = this.header;
		for (int i = this.level - 1; i >= 0; i--) {
			while (x.forward[i] != null && !atLeast.test(x.forward[i])) {
				x = x.forward[i];
			}
		}
		return x.forward[0];
	}

	/** The last node whose (score, member) passes {@code atMost}. */
	Node lastWhere(NodeTest atMost) {
		Node x = this.header;
		for (int i = this.level - 1; i >= 0; i--) {
			while (x.forward[i] != null && atMost.test(x.forward[i])) {
				x = x.forward[i];
			}
		}
		return (x == this.header) ? null : x;
	}

	@FunctionalInterface
	interface NodeTest {

		boolean test(Node node);

	}

}
