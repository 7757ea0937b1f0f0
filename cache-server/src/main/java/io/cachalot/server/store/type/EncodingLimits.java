package io.cachalot.server.store.type;

/**
 * The size limits under which hashes, sets and sorted sets keep their compact encodings —
 * Redis's {@code hash-max-listpack-entries}, {@code hash-max-listpack-value},
 * {@code set-max-intset-entries}, {@code zset-max-listpack-entries} and
 * {@code zset-max-listpack-value} — and the node size of lists, {@code list-max-listpack-size}. One instance per server, shared by every value it creates and
 * updated in place by CONFIG SET, so a new limit applies from each value's next write, as in
 * Redis (a value never converts back to the compact encoding).
 */
public final class EncodingLimits {

	/** Redis's defaults; never changed. */
	public static final EncodingLimits DEFAULTS = new EncodingLimits();

	private volatile int hashEntries = 128;

	private volatile int hashValue = 64;

	private volatile int setIntsetEntries = 512;

	private volatile int zsetEntries = 128;

	private volatile int zsetValue = 64;

	private volatile int listMaxListpackSize = -2;

	public int hashEntries() {
		return this.hashEntries;
	}

	public int hashValue() {
		return this.hashValue;
	}

	public int setIntsetEntries() {
		return this.setIntsetEntries;
	}

	public int zsetEntries() {
		return this.zsetEntries;
	}

	public int zsetValue() {
		return this.zsetValue;
	}

	/** Negative -1..-5: a list node's byte limit (4..64 KB); positive: its element count. */
	public int listMaxListpackSize() {
		return this.listMaxListpackSize;
	}

	public void listMaxListpackSize(int fill) {
		checkMutable();
		this.listMaxListpackSize = fill;
	}

	public void hashEntries(int limit) {
		checkMutable();
		this.hashEntries = limit;
	}

	public void hashValue(int limit) {
		checkMutable();
		this.hashValue = limit;
	}

	public void setIntsetEntries(int limit) {
		checkMutable();
		this.setIntsetEntries = limit;
	}

	public void zsetEntries(int limit) {
		checkMutable();
		this.zsetEntries = limit;
	}

	public void zsetValue(int limit) {
		checkMutable();
		this.zsetValue = limit;
	}

	private void checkMutable() {
		if (this == DEFAULTS) {
			throw new UnsupportedOperationException("The default encoding limits are fixed");
		}
	}

}
