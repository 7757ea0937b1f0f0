package io.cachalot.server.store.type;

/**
 * Member to score, for O(1) ZSCORE and for finding a member in the {@link ZScoreTree}: the
 * dictionary half of a large sorted set, on a {@link ByteKeyTable} with scores in a flat
 * {@code double[]} (no boxing, no entry objects).
 */
final class ScoreMap extends ByteKeyTable {

	private double[] scores; // no initializer: the super constructor allocates it

	ScoreMap(int expected) {
		super(expected, false);
	}

	@Override
	void allocateValues(int capacity) {
		this.scores = new double[capacity];
	}

	@Override
	Object values() {
		return this.scores;
	}

	@Override
	void moveValue(Object source, int from, int to) {
		this.scores[to] = ((double[]) source)[from];
	}

	@Override
	void clearValue(int slot) {
		this.scores[slot] = 0;
	}

	/** The slot of {@code member}, claimed when new (see {@link ByteKeyTable#claim}). */
	int claim(byte[] member) {
		return claim(member, member);
	}

	byte[] keyAt(int slot) {
		return entryAt(slot);
	}

	double scoreAt(int slot) {
		return this.scores[slot];
	}

	void setScoreAt(int slot, double score) {
		this.scores[slot] = score;
	}

	@Override
	long memoryUsage() {
		return entryMemoryUsage() + capacity() * 8L;
	}

	ScoreMap copy() {
		ScoreMap copy = new ScoreMap(0);
		copyEntriesInto(copy);
		copy.scores = this.scores.clone();
		return copy;
	}

}
