package io.cachalot.server.store.memcached;

import java.util.function.Supplier;

import io.cachalot.server.store.Db;
import io.cachalot.server.store.Keyspace;

/**
 * Memcached's item semantics over database 0 of the shared keyspace: what the memcached
 * engine's commands call. An item is a Redis string; its client flags live beside the entry
 * (a Redis write of a new value resets them to 0) and its CAS value comes from the entry's
 * version, which every write bumps — so a Redis SET between a memcached {@code gets} and
 * {@code cas} makes the CAS fail, as another memcached client's write would. Versions count
 * per stripe; the CAS value is {@code version * stripes + stripe}, unique across keys as
 * memcached's are. A touch keeps it, as in memcached.
 *
 * <p>Each operation locks the stripe of its key for its own duration (memcached commands are
 * single-key; a multi-key get is a series of independent reads, as in memcached).
 *
 * <p>Memcached rules kept here: expiration times up to 30 days are relative, larger ones
 * unix times, negative ones mean "already expired"; append / prepend keep the flags and TTL
 * of the item; incr / decr work on unsigned 64-bit decimal text, incr wrapping around and
 * decr stopping at 0, and a result shorter than the old value is space-padded to its length
 * in place, as memcached does; a value of another Redis type reads as missing.
 */
public final class ItemStore {

	/** The largest relative expiration time, in seconds; larger values are unix times. */
	static final long MAX_RELATIVE_EXPTIME = 60L * 60 * 24 * 30;

	/** {@link #expireAt} for an expiration time that has already passed. */
	public static final long ALREADY_EXPIRED = -1;

	/** An option not given (no TTL update, no vivify, no recache threshold). */
	public static final long UNSET = Long.MIN_VALUE;

	private static final byte[] EMPTY = {};

	/** How a storage command treats an existing or missing item. */
	public enum Mode {

		SET, ADD, REPLACE, APPEND, PREPEND;

	}

	/** What a storage or delete command did. */
	public enum Outcome {

		/** Stored (or deleted, touched). */
		DONE,
		/** The condition of ADD / REPLACE / APPEND / PREPEND did not hold. */
		NOT_STORED,
		/** The CAS value did not match: someone wrote the item since it was read. */
		EXISTS,
		/** A CAS or delete of a missing item. */
		NOT_FOUND

	}

	/**
	 * An incr / decr result: DONE with the new value and item, NOT_FOUND, EXISTS (CAS
	 * mismatch), or NOT_STORED for an item that does not hold an unsigned decimal.
	 */
	public record Counter(Outcome outcome, long value, Db.Item item) {

		static final Counter NOT_FOUND = new Counter(Outcome.NOT_FOUND, 0, null);

		static final Counter EXISTS = new Counter(Outcome.EXISTS, 0, null);

		static final Counter NON_NUMERIC = new Counter(Outcome.NOT_STORED, 0, null);

	}

	private final Keyspace keyspace;

	private final Db db;

	public ItemStore(Keyspace keyspace) {
		this.keyspace = keyspace;
		this.db = keyspace.db(0);
	}

	/**
	 * The absolute expiry in unix ms for memcached's {@code exptime} (0: none), or
	 * {@link #ALREADY_EXPIRED}.
	 */
	public static long expireAt(long exptime, long nowMillis) {
		if (exptime == 0) {
			return 0;
		}
		if (exptime < 0) {
			return ALREADY_EXPIRED;
		}
		long at = (exptime <= MAX_RELATIVE_EXPTIME) ? nowMillis + exptime * 1000 : exptime * 1000;
		return (at <= nowMillis) ? ALREADY_EXPIRED : at;
	}

	/** The item at {@code key} (a hit or a miss is counted), or null. */
	public Db.Item get(byte[] key) {
		return locked(key, () -> read(key, true));
	}

	/** The item at {@code key} without counting a hit or miss, or null (what {@code me} shows). */
	public Db.Item peek(byte[] key) {
		return locked(key, () -> read(key, false));
	}

	/**
	 * The item with its CAS value as clients see it (see the class comment); a counted read
	 * is a fetch and marks the item fetched.
	 */
	private Db.Item read(byte[] key, boolean countHit) {
		Db.Item item = this.db.readItem(key, countHit, countHit ? Db.Item.FETCHED : 0);
		return (item == null) ? null : withExpiry(item, cas(key, item.cas()), item.expireAt());
	}

	private static Db.Item withExpiry(Db.Item item, long cas, long expireAt) {
		return new Db.Item(item.value(), item.clientFlags(), cas, expireAt, item.state(), item.idleSeconds());
	}

	private long cas(byte[] key, long version) {
		return version * this.keyspace.stripeCount() + this.keyspace.stripeOf(key);
	}

	/** GAT: the item, its expiry first set to {@code expireAt} (see {@link #expireAt}); null if missing. */
	public Db.Item getAndTouch(byte[] key, long expireAt) {
		return locked(key, () -> {
			Db.Item item = read(key, true);
			if (item == null) {
				return null;
			}
			if (expireAt == ALREADY_EXPIRED) {
				this.db.delete(key);
				return item;
			}
			this.db.touchExpireTime(key, expireAt);
			return read(key, false);
		});
	}

	/**
	 * Meta get: a fetch that may also update the TTL ({@code touchExpireAt}), create a missing
	 * item empty with {@code vivifyExpireAt}, and hand out the right to recache — the win
	 * token, once per item until it is rewritten — for a created item, a stale one, or one
	 * with less than {@code recacheSeconds} to live. Unset options are {@link #UNSET}.
	 */
	public MetaRead metaGet(byte[] key, long touchExpireAt, long vivifyExpireAt, long recacheSeconds, long now) {
		return locked(key, () -> {
			Db.Item item = read(key, true);
			if (item == null) {
				if (vivifyExpireAt == UNSET || vivifyExpireAt == ALREADY_EXPIRED || this.db.exists(key)) {
					return new MetaRead(null, false);
				}
				this.db.put(key, EMPTY, vivifyExpireAt);
				Db.Item created = read(key, false);
				this.db.itemState(key, Db.Item.TOKEN_SENT, 0);
				return new MetaRead(created, true);
			}
			if (touchExpireAt == ALREADY_EXPIRED) {
				this.db.delete(key);
			}
			else if (touchExpireAt != UNSET) {
				this.db.touchExpireTime(key, touchExpireAt);
				item = withExpiry(item, item.cas(), touchExpireAt);
			}
			boolean win = !item.has(Db.Item.TOKEN_SENT) && (item.has(Db.Item.STALE) || (recacheSeconds != UNSET
					&& item.expireAt() != 0 && item.expireAt() - now < recacheSeconds * 1000));
			if (win) {
				this.db.itemState(key, Db.Item.TOKEN_SENT, 0);
			}
			return new MetaRead(item, win);
		});
	}

	/** A meta get's item (null: a miss) and whether this client won the right to recache it. */
	public record MetaRead(Db.Item item, boolean win) {
	}

	/** TOUCH: sets the expiry; false for a missing item. */
	public boolean touch(byte[] key, long expireAt) {
		return locked(key, () -> {
			if (read(key, false) == null) {
				return false;
			}
			if (expireAt == ALREADY_EXPIRED) {
				this.db.delete(key);
			}
			else {
				this.db.touchExpireTime(key, expireAt);
			}
			return true;
		});
	}

	/**
	 * A storage command; with a {@code check}, only over an item whose CAS value is the
	 * check's (EXISTS when it differs, NOT_FOUND when there is no item; see {@link CasCheck}
	 * for an invalidating check).
	 * {@code flags} and {@code expireAt} are ignored by APPEND / PREPEND. Returns the outcome
	 * and, when stored, the item's new CAS value.
	 */
	public Stored store(Mode mode, byte[] key, byte[] value, int flags, long expireAt, CasCheck check) {
		return locked(key, () -> {
			Db.Item current = read(key, false);
			boolean present = current != null || this.db.exists(key);
			boolean stale = false;
			if (check != null) {
				if (!present) {
					return Stored.NOT_FOUND;
				}
				if (current == null) {
					return Stored.EXISTS;
				}
				if (current.cas() != check.cas()) {
					if (!check.invalidate() || Long.compareUnsigned(check.cas(), current.cas()) > 0) {
						return Stored.EXISTS;
					}
					stale = true;
				}
			}
			switch (mode) {
				case ADD -> {
					if (present) {
						// memcached bumps the existing item as a read would
						return Stored.NOT_STORED;
					}
				}
				case REPLACE -> {
					if (!present) {
						return Stored.NOT_STORED;
					}
				}
				case APPEND, PREPEND -> {
					if (current == null) {
						return Stored.NOT_STORED;
					}
					byte[] joined = (mode == Mode.APPEND) ? concat(current.value(), value) : concat(value, current.value());
					this.db.updateString(key, old -> joined);
					this.db.clientFlags(key, current.clientFlags());
					return new Stored(Outcome.DONE, cas(key, this.db.version(key)));
				}
				case SET -> {
				}
			}
			if (stale) {
				this.db.put(key, value, current.expireAt());
				this.db.clientFlags(key, flags);
				this.db.itemState(key, Db.Item.STALE | (current.state() & Db.Item.TOKEN_SENT), 0);
				return new Stored(Outcome.DONE, cas(key, this.db.version(key)));
			}
			if (expireAt == ALREADY_EXPIRED) {
				// stored and gone at once, as memcached does with a past expiration time
				this.db.delete(key);
				return new Stored(Outcome.DONE, 0);
			}
			this.db.put(key, value, expireAt);
			this.db.clientFlags(key, flags);
			return new Stored(Outcome.DONE, cas(key, this.db.version(key)));
		});
	}

	/**
	 * The condition of a CAS write: the CAS value the client read. With {@code invalidate}
	 * (meta set's {@code I}) an older CAS value does not fail: the value is stored as stale,
	 * keeping the item's TTL, so that the client that holds the recache token still wins.
	 */
	public record CasCheck(long cas, boolean invalidate) {

		public static CasCheck of(long cas) {
			return new CasCheck(cas, false);
		}

	}

	/** A storage command's outcome and, when stored, the new CAS value. */
	public record Stored(Outcome outcome, long cas) {

		static final Stored NOT_STORED = new Stored(Outcome.NOT_STORED, 0);

		static final Stored EXISTS = new Stored(Outcome.EXISTS, 0);

		static final Stored NOT_FOUND = new Stored(Outcome.NOT_FOUND, 0);

	}

	/** DELETE; with a {@code check}, only of an item whose CAS value is the check's. */
	public Outcome delete(byte[] key, CasCheck check) {
		return locked(key, () -> {
			Outcome refused = refusedBy(key, check);
			if (refused != null) {
				return refused;
			}
			return this.db.delete(key) ? Outcome.DONE : Outcome.NOT_FOUND;
		});
	}

	/**
	 * Meta delete's {@code I}: the item stays, marked stale with a new CAS value, and its TTL
	 * set to {@code expireAt} unless that is {@link #UNSET}; the next fetch wins the right to
	 * recache it. NOT_FOUND for a missing item.
	 */
	public Outcome invalidate(byte[] key, CasCheck check, long expireAt) {
		return locked(key, () -> {
			Db.Item current = read(key, false);
			if (current == null) {
				return this.db.exists(key) ? Outcome.EXISTS : Outcome.NOT_FOUND;
			}
			Outcome refused = refusedBy(key, check);
			if (refused != null) {
				return refused;
			}
			this.db.setExpireTime(key, (expireAt == UNSET) ? current.expireAt() : Math.max(0, expireAt));
			this.db.itemState(key, Db.Item.STALE, Db.Item.TOKEN_SENT);
			return Outcome.DONE;
		});
	}

	/** Why a CAS-checked change of {@code key} may not go ahead, or null when it may. */
	private Outcome refusedBy(byte[] key, CasCheck check) {
		if (check == null) {
			return null;
		}
		Db.Item current = read(key, false);
		if (current == null) {
			return this.db.exists(key) ? Outcome.EXISTS : Outcome.NOT_FOUND;
		}
		return (current.cas() != check.cas()) ? Outcome.EXISTS : null;
	}

	/**
	 * INCR / DECR by {@code delta} (unsigned). With {@code create} a missing item is created
	 * holding {@code initial} (with {@code expireAt}) and no arithmetic is done, as meta
	 * arithmetic's auto-vivify does. {@code check} as for {@link #store}.
	 */
	public Counter add(byte[] key, long delta, boolean incr, CasCheck check, boolean create, long initial,
			long expireAt) {
		return locked(key, () -> {
			Db.Item current = read(key, false);
			if (current == null) {
				if (this.db.exists(key)) {
					return Counter.NON_NUMERIC;
				}
				if (check != null || !create) {
					return Counter.NOT_FOUND;
				}
				if (expireAt != ALREADY_EXPIRED) {
					this.db.put(key, Long.toUnsignedString(initial).getBytes(), expireAt);
				}
				return new Counter(Outcome.DONE, initial, read(key, false));
			}
			if (check != null && current.cas() != check.cas()) {
				return Counter.EXISTS;
			}
			long value;
			try {
				value = parseUnsigned(current.value());
			}
			catch (NumberFormatException ex) {
				return Counter.NON_NUMERIC;
			}
			long result = incr ? value + delta : (Long.compareUnsigned(value, delta) < 0 ? 0 : value - delta);
			byte[] text = Long.toUnsignedString(result).getBytes();
			byte[] stored = (text.length < current.value().length) ? padded(text, current.value().length) : text;
			this.db.updateString(key, old -> stored);
			this.db.clientFlags(key, current.clientFlags());
			return new Counter(Outcome.DONE, result, read(key, false));
		});
	}

	/** FLUSH_ALL: every key of database 0 goes (the memcached engine's whole keyspace). */
	public void flushAll() {
		this.keyspace.flush(0);
	}

	/**
	 * An unsigned 64-bit decimal as memcached's {@code safe_strtoull} reads an item: leading
	 * whitespace, at least one digit, then only whitespace. NumberFormatException otherwise.
	 */
	static long parseUnsigned(byte[] text) {
		int i = 0;
		while (i < text.length && isSpace(text[i])) {
			i++;
		}
		int start = i;
		while (i < text.length && text[i] >= '0' && text[i] <= '9') {
			i++;
		}
		int end = i;
		while (i < text.length && isSpace(text[i])) {
			i++;
		}
		if (start == end || i != text.length) {
			throw new NumberFormatException("not an unsigned decimal");
		}
		return Long.parseUnsignedLong(new String(text, start, end - start, java.nio.charset.StandardCharsets.US_ASCII));
	}

	private static boolean isSpace(byte b) {
		return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == '\f';
	}

	private static byte[] padded(byte[] text, int length) {
		byte[] out = new byte[length];
		System.arraycopy(text, 0, out, 0, text.length);
		java.util.Arrays.fill(out, text.length, length, (byte) ' ');
		return out;
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] out = new byte[a.length + b.length];
		System.arraycopy(a, 0, out, 0, a.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

	private <T> T locked(byte[] key, Supplier<T> operation) {
		int stripe = this.keyspace.stripeOf(key);
		this.keyspace.lockStripe(stripe);
		try {
			return operation.get();
		}
		finally {
			this.keyspace.unlockStripe(stripe);
		}
	}

}
