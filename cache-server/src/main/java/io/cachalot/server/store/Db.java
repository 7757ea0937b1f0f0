package io.cachalot.server.store;

import io.cachalot.server.store.type.HashValue;
import io.cachalot.server.store.type.StringOps;
import io.cachalot.server.store.type.TypedValue;
import io.cachalot.server.util.Numbers;

/**
 * The typed store API of one database: what command handlers call. Every method expects
 * the caller to hold the stripe lock of each key it passes (the dispatcher takes them from
 * the command's declared key positions); an assertion checks it in tests.
 *
 * <p>Reads expire keys lazily and update the key's access word; {@link #read} also counts
 * keyspace hits and misses as Redis's {@code lookupKeyRead} does. Every write bumps the
 * entry's version, keeps the stripe's memory figure exact, and tells the
 * {@link KeyspaceListener}.
 */
public final class Db {

	/** {@link #expireTime} of a missing key. */
	public static final long NO_KEY = -2;

	/** {@link #expireTime} of a key without TTL. */
	public static final long NO_EXPIRY = -1;

	private final Keyspace keyspace;

	private final int index;

	Db(Keyspace keyspace, int index) {
		this.keyspace = keyspace;
		this.index = index;
	}

	public int index() {
		return this.index;
	}

	public Keyspace keyspace() {
		return this.keyspace;
	}

	private Stripe locked(int hash) {
		Stripe s = this.keyspace.stripe(hash);
		assert s.lock.isHeldByCurrentThread() : "stripe " + s.index + " not locked";
		return s;
	}

	/** The live slot of {@code key} in {@code t}, expiring it first when its TTL has passed. */
	private int liveSlot(Stripe s, KeyTable t, byte[] key, int hash, long now) {
		int slot = t.find(key, hash);
		if (slot >= 0) {
			long at = t.expireAt(slot);
			if (at != 0 && at <= now) {
				expireSlot(s, t, slot);
				return -1;
			}
		}
		return slot;
	}

	/**
	 * The live slot of {@code key} in this database, or -1; the table is then
	 * {@link #tableOf}{@code (hash)}.
	 */
	private int lookup(byte[] key, int hash, long now) {
		Stripe s = locked(hash);
		KeyTable t = s.tableIfPresent(this.index);
		return (t != null) ? liveSlot(s, t, key, hash, now) : -1;
	}

	private KeyTable tableOf(int hash) {
		return this.keyspace.stripe(hash).tableIfPresent(this.index);
	}

	// ---- reads ---------------------------------------------------------------------------

	/** The value of {@code key} for a read command (counts a hit or a miss), or null. */
	public Object read(byte[] key) {
		return access(key, true);
	}

	/** The value of {@code key} for a write command (no hit/miss counted), or null. */
	public Object readForWrite(byte[] key) {
		return access(key, false);
	}

	private Object access(byte[] key, boolean countHit) {
		int hash = KeyHash.hash(key);
		int slot = accessSlot(key, hash, countHit);
		return (slot < 0) ? null : tableOf(hash).value(slot);
	}

	/** The live slot of {@code key} for a read, its access word touched and the hit or miss counted; or -1. */
	private int accessSlot(byte[] key, int hash, boolean countHit) {
		long now = CommandClock.now();
		int slot = lookup(key, hash, now);
		Stripe s = this.keyspace.stripe(hash);
		if (slot < 0) {
			if (countHit) {
				s.misses++;
				this.keyspace.listener.keyMissed(this.index, key);
			}
			return -1;
		}
		if (countHit) {
			s.hits++;
		}
		KeyTable t = s.tableIfPresent(this.index);
		t.access(slot, this.keyspace.accessClock.touch(t.access(slot), now));
		return slot;
	}

	/** The value without touching the access word or the statistics (OBJECT, TYPE, DEBUG). */
	public Object peek(byte[] key) {
		int hash = KeyHash.hash(key);
		int slot = lookup(key, hash, CommandClock.now());
		return (slot < 0) ? null : tableOf(hash).value(slot);
	}

	/** The string at {@code key} for a read command, or null; WRONGTYPE for another type. */
	public byte[] getString(byte[] key) {
		return asString(read(key));
	}

	/** The string at {@code key} for a write command, or null; WRONGTYPE for another type. */
	public byte[] getStringForWrite(byte[] key) {
		return asString(readForWrite(key));
	}

	/**
	 * The value of {@code type} at {@code key} for a read command (counts a hit or a miss), or
	 * null; WRONGTYPE when the key holds another type.
	 */
	public <T extends TypedValue> T readTyped(byte[] key, Class<T> type) {
		Object value = read(key);
		if (value == null || type.isInstance(value)) {
			return type.cast(value);
		}
		throw WrongTypeException.INSTANCE;
	}

	/**
	 * Changes the value of {@code type} at {@code key} in place: {@code change} gets the
	 * current value, or a new one from {@code factory} when the key is absent (null when
	 * {@code factory} is null). The memory figure, the version and an open snapshot are kept
	 * right, a new non-empty value is stored, and a value left empty deletes the key.
	 * WRONGTYPE when the key holds another type.
	 */
	public <T extends TypedValue, R> R update(byte[] key, Class<T> type, java.util.function.Supplier<T> factory,
			java.util.function.Function<T, R> change) {
		int hash = KeyHash.hash(key);
		Stripe s = this.keyspace.stripe(hash);
		int slot = slotForUpdate(key, hash);
		KeyTable table = (slot >= 0) ? s.tableIfPresent(this.index) : null;
		Object current = (slot >= 0) ? table.value(slot) : null;
		byte[] storedKey = (slot >= 0) ? table.key(slot) : null;
		if (current != null && !type.isInstance(current)) {
			throw WrongTypeException.INSTANCE;
		}
		if (current == null && factory == null) {
			return change.apply(null);
		}
		boolean created = current == null;
		T value = created ? factory.get() : type.cast(current);
		long before = created ? 0 : value.memoryUsage();
		R result = change.apply(value);
		if (value.isEmpty()) {
			if (!created) {
				delete(key);
			}
		}
		else if (created) {
			put(key, value, 0);
		}
		else if (s.tableIfPresent(this.index) == table && slot < table.capacity() && table.key(slot) == storedKey) {
			// the entry has not moved while the value changed: no second lookup
			table.version(slot, s.nextVersion());
			s.account(value.memoryUsage() - before);
			this.keyspace.listener.keyModified(this.index, key);
		}
		else {
			modified(key, value.memoryUsage() - before);
		}
		noteFieldTtls(key, value);
		return result;
	}

	/** Registers a hash with per-field TTLs for the active expiry of its fields. */
	private void noteFieldTtls(byte[] key, Object value) {
		if (value instanceof HashValue h && h.hasFieldTtls()) {
			this.keyspace.fieldExpiry.register(this.index, key);
		}
	}

	/**
	 * The active expiry of one registered hash's fields: removes the fields whose TTL has passed
	 * (the key too when none is left) and forgets the key once it holds no field TTLs. The
	 * caller holds the key's stripe. Returns the number of fields removed.
	 */
	public int expireHashFields(byte[] key, long now) {
		int removed = purgeExpiredHashFields(key, now);
		if (!(peek(key) instanceof HashValue h && h.hasFieldTtls())) {
			this.keyspace.fieldExpiry.unregister(this.index, key);
		}
		return removed;
	}

	/**
	 * Removes the expired fields of the hash at {@code key} (the key too when none is left) and
	 * announces them ({@code hexpired}); returns how many fields went. The caller holds the stripe.
	 */
	public int purgeExpiredHashFields(byte[] key, long now) {
		if (!(peek(key) instanceof HashValue h && h.hasExpiredFields(now))) {
			return 0;
		}
		int removed = update(key, HashValue.class, null, v -> v.purgeExpiredFields(now));
		if (removed > 0) {
			this.keyspace.listener.hashFieldsExpired(this.index, key, peek(key) == null);
		}
		return removed;
	}

	/** Announces fields a command purged while changing the hash (the key stays). */
	public void hashFieldsPurged(byte[] key) {
		this.keyspace.listener.hashFieldsExpired(this.index, key, false);
	}

	private static byte[] asString(Object value) {
		if (value == null || value instanceof byte[]) {
			return (byte[]) value;
		}
		throw WrongTypeException.INSTANCE;
	}

	public boolean exists(byte[] key) {
		return peek(key) != null;
	}

	/** {@link #peek}, announcing a miss (TYPE, EXISTS, TTL: Redis's read lookups without touching). */
	public Object peekForRead(byte[] key) {
		Object v = peek(key);
		if (v == null) {
			this.keyspace.listener.keyMissed(this.index, key);
		}
		return v;
	}

	/** Absolute expiry in unix ms, {@link #NO_EXPIRY} or {@link #NO_KEY}. */
	public long expireTime(byte[] key) {
		int hash = KeyHash.hash(key);
		int slot = lookup(key, hash, CommandClock.now());
		if (slot < 0) {
			this.keyspace.listener.keyMissed(this.index, key);
			return NO_KEY;
		}
		long at = tableOf(hash).expireAt(slot);
		return (at == 0) ? NO_EXPIRY : at;
	}

	/** The entry's version (0 for a missing key): WATCH and memcached CAS compare it. */
	public long version(byte[] key) {
		int hash = KeyHash.hash(key);
		int slot = lookup(key, hash, CommandClock.now());
		return (slot < 0) ? 0 : tableOf(hash).version(slot);
	}

	/** The key's access word (LRU clock or LFU counter), or -1 for a missing key. */
	public int accessWord(byte[] key) {
		int hash = KeyHash.hash(key);
		int slot = lookup(key, hash, CommandClock.now());
		return (slot < 0) ? -1 : tableOf(hash).access(slot);
	}

	/**
	 * The string encoding hint of {@code key} (see {@code StringEncoding}), 0 for a missing
	 * key; writes of a new value reset it to 0.
	 */
	public int encodingHint(byte[] key) {
		int hash = KeyHash.hash(key);
		int slot = lookup(key, hash, CommandClock.now());
		return (slot < 0) ? 0 : tableOf(hash).flags(slot) & HINT_MASK;
	}

	/** Records how the command that stored the value would have encoded it in Redis. */
	public void encodingHint(byte[] key, int hint) {
		int hash = KeyHash.hash(key);
		int slot = lookup(key, hash, CommandClock.now());
		if (slot >= 0) {
			KeyTable t = tableOf(hash);
			t.flags(slot, (t.flags(slot) & ~HINT_MASK) | hint);
		}
	}

	/** The bits of an entry's flag byte that hold the string encoding hint; the rest are {@link Item} state. */
	private static final int HINT_MASK = 3;

	/**
	 * A string entry as the memcached engine sees it, found with one lookup: its value, client
	 * flags, version (the CAS value), absolute expiry (0: none), {@code state} bits and the
	 * seconds since the access before this one. The state lives in the entry's flag byte
	 * (which a Redis write of a new value clears): {@link #FETCHED} once read,
	 * {@link #STALE} once invalidated by meta delete or set, {@link #TOKEN_SENT} once a
	 * client was told to recache it.
	 */
	public record Item(byte[] value, int clientFlags, long cas, long expireAt, int state, long idleSeconds) {

		public static final int FETCHED = 1 << 2;

		public static final int STALE = 1 << 3;

		public static final int TOKEN_SENT = 1 << 4;

		public boolean has(int stateBit) {
			return (this.state & stateBit) != 0;
		}

	}

	/**
	 * The string entry at {@code key} for a memcached read, or null when it is missing or holds
	 * another type. With {@code countHit} the read counts as a hit or miss and touches the
	 * access word, as {@link #read}; {@code addState} bits are set after the state is read.
	 */
	public Item readItem(byte[] key, boolean countHit, int addState) {
		int hash = KeyHash.hash(key);
		long now = CommandClock.now();
		int slot = lookup(key, hash, now);
		Stripe s = this.keyspace.stripe(hash);
		KeyTable t = (slot >= 0) ? s.tableIfPresent(this.index) : null;
		if (t == null || !(t.value(slot) instanceof byte[] bytes)) {
			if (countHit) {
				s.misses++;
				this.keyspace.listener.keyMissed(this.index, key);
			}
			return null;
		}
		int word = t.access(slot);
		long idle = this.keyspace.accessClock.secondsSinceAccess(word, now);
		if (countHit) {
			s.hits++;
			t.access(slot, this.keyspace.accessClock.touch(word, now));
		}
		int flags = t.flags(slot);
		if (addState != 0) {
			t.flags(slot, flags | addState);
		}
		return new Item(bytes, t.clientFlags(slot), t.version(slot), t.expireAt(slot), flags & ~HINT_MASK, idle);
	}

	/** Sets and clears {@link Item} state bits of an existing key (no change to its value or version). */
	public void itemState(byte[] key, int set, int clear) {
		int hash = KeyHash.hash(key);
		int slot = lookup(key, hash, CommandClock.now());
		if (slot >= 0) {
			KeyTable t = tableOf(hash);
			t.flags(slot, (t.flags(slot) & ~clear) | set);
		}
	}

	/**
	 * Sets the memcached client flags of an existing key; a Redis write of a new value resets
	 * them to 0. Does not count as a change: the engine sets them right after its own write.
	 */
	public void clientFlags(byte[] key, int flags) {
		int hash = KeyHash.hash(key);
		int slot = lookup(key, hash, CommandClock.now());
		if (slot >= 0) {
			tableOf(hash).clientFlags(slot, flags);
		}
	}

	/** RESTORE's IDLETIME / FREQ (-1 when not given): the key's access word as if so used. */
	public void restoreAccess(byte[] key, long idleSeconds, int freq) {
		int hash = KeyHash.hash(key);
		long now = CommandClock.now();
		int slot = lookup(key, hash, now);
		if (slot >= 0) {
			tableOf(hash).access(slot, this.keyspace.accessClock.restored(idleSeconds, freq, now));
		}
	}

	/** Updates the access word as a read would (TOUCH). Returns whether the key exists. */
	public boolean touch(byte[] key) {
		return readForWrite(key) != null;
	}

	/** MEMORY USAGE: the estimate the store accounts for this key, or -1. */
	public long memoryUsage(byte[] key) {
		Object v = peek(key);
		return (v == null) ? -1 : MemoryEstimate.entry(key, v);
	}

	// ---- writes --------------------------------------------------------------------------

	/** Stores {@code value} at {@code key} with the given absolute expiry (0: none), replacing any value and TTL. */
	public void put(byte[] key, Object value, long expireAt) {
		write(key, value, expireAt, false);
	}

	/** Stores {@code value} at {@code key}, keeping the key's TTL if it has one. */
	public void putKeepTtl(byte[] key, Object value) {
		write(key, value, 0, true);
	}

	private void write(byte[] key, Object value, long expireAt, boolean keepTtl) {
		int hash = KeyHash.hash(key);
		Stripe s = locked(hash);
		KeyTable t = s.table(this.index);
		long now = CommandClock.now();
		int slot = liveSlot(s, t, key, hash, now);
		if (slot < 0) {
			t.insert(key, hash, value, expireAt, s.nextVersion(), this.keyspace.accessClock.initial(now));
			this.keyspace.listener.keyCreated(this.index, key);
			s.account(MemoryEstimate.entry(key, value));
		}
		else {
			s.account(MemoryEstimate.value(value) - MemoryEstimate.value(t.value(slot)));
			t.value(slot, value);
			t.flags(slot, 0);
			t.clientFlags(slot, 0);
			t.version(slot, s.nextVersion());
			t.access(slot, this.keyspace.accessClock.touch(t.access(slot), now));
			if (!keepTtl) {
				t.setExpire(slot, expireAt);
			}
		}
		noteFieldTtls(key, value);
		this.keyspace.listener.keyModified(this.index, key);
		if (expireAt != 0 && !keepTtl) {
			this.keyspace.listener.keyWrittenWithTtl(this.index, key);
		}
	}

	/**
	 * INCRBY with one lookup and no intermediate objects: the string at {@code key} (0 when
	 * absent) parsed as an integer plus {@code delta}, stored back as text keeping the TTL.
	 */
	public long incrementBy(byte[] key, long delta) {
		int hash = KeyHash.hash(key);
		Stripe s = locked(hash);
		KeyTable t = s.table(this.index);
		long now = CommandClock.now();
		int slot = liveSlot(s, t, key, hash, now);
		Object current = (slot >= 0) ? t.value(slot) : null;
		if (current != null && !(current instanceof byte[])) {
			throw WrongTypeException.INSTANCE;
		}
		byte[] currentBytes = (byte[]) current;
		long result = StringOps.add(StringOps.integerValue(currentBytes), delta);
		byte[] text = Numbers.toBytes(result);
		if (slot < 0) {
			t.insert(key, hash, text, 0, s.nextVersion(), this.keyspace.accessClock.initial(now));
			this.keyspace.listener.keyCreated(this.index, key);
			s.account(MemoryEstimate.entry(key, text));
		}
		else {
			s.account(MemoryEstimate.byteArray(text.length) - MemoryEstimate.byteArray(currentBytes.length));
			t.value(slot, text);
			t.flags(slot, 0);
			t.clientFlags(slot, 0);
			t.version(slot, s.nextVersion());
			t.access(slot, this.keyspace.accessClock.touch(t.access(slot), now));
		}
		this.keyspace.listener.keyModified(this.index, key);
		return result;
	}

	/**
	 * Read-modify-write of the string at {@code key} with one lookup: {@code update} gets the
	 * current value (null when absent) and returns the new one. The TTL is kept; a new key
	 * gets none. WRONGTYPE when the key holds another type. Returns the stored value.
	 */
	public byte[] updateString(byte[] key, java.util.function.UnaryOperator<byte[]> update) {
		int hash = KeyHash.hash(key);
		Stripe s = locked(hash);
		KeyTable t = s.table(this.index);
		long now = CommandClock.now();
		int slot = liveSlot(s, t, key, hash, now);
		if (slot < 0) {
			byte[] created = update.apply(null);
			t.insert(key, hash, created, 0, s.nextVersion(), this.keyspace.accessClock.initial(now));
			this.keyspace.listener.keyCreated(this.index, key);
			s.account(MemoryEstimate.entry(key, created));
			this.keyspace.listener.keyModified(this.index, key);
			return created;
		}
		Object current = t.value(slot);
		if (!(current instanceof byte[] currentBytes)) {
			throw WrongTypeException.INSTANCE;
		}
		byte[] updated = update.apply(currentBytes);
		// the update may not have touched the table, so the slot is still valid
		s.account(MemoryEstimate.byteArray(updated.length) - MemoryEstimate.byteArray(currentBytes.length));
		t.value(slot, updated);
		t.flags(slot, 0);
		t.clientFlags(slot, 0);
		t.version(slot, s.nextVersion());
		t.access(slot, this.keyspace.accessClock.touch(t.access(slot), now));
		this.keyspace.listener.keyModified(this.index, key);
		return updated;
	}

	/**
	 * The typed value at {@code key} for a command that will change it in place, or null.
	 * Type families must fetch values they mutate through this method (and report the change
	 * with {@link #modified}): it keeps an open snapshot's copy of the old value and bumps the
	 * entry's version first. WRONGTYPE is the caller's check.
	 */
	public Object valueForUpdate(byte[] key) {
		int hash = KeyHash.hash(key);
		int slot = slotForUpdate(key, hash);
		return (slot < 0) ? null : this.keyspace.stripe(hash).tableIfPresent(this.index).value(slot);
	}

	/** {@link #valueForUpdate}'s work, answering the live slot of {@code key} (or -1). */
	private int slotForUpdate(byte[] key, int hash) {
		long now = CommandClock.now();
		int slot = lookup(key, hash, now);
		if (slot < 0) {
			return -1;
		}
		Stripe s = this.keyspace.stripe(hash);
		KeyTable t = s.tableIfPresent(this.index);
		Object value = t.value(slot);
		KeyspaceSnapshot snapshot = this.keyspace.openSnapshot();
		if (snapshot != null && value instanceof TypedValue typed) {
			snapshot.preserve(s.index, this.index, key, hash, t.version(slot), typed);
		}
		t.version(slot, s.nextVersion());
		t.access(slot, this.keyspace.accessClock.touch(t.access(slot), now));
		return slot;
	}

	/**
	 * Records an in-place change of the typed value at {@code key} (the value object was
	 * mutated by its type API): bumps the version and adjusts the memory figure.
	 */
	public void modified(byte[] key, long memoryDelta) {
		int hash = KeyHash.hash(key);
		Stripe s = locked(hash);
		KeyTable t = s.tableIfPresent(this.index);
		int slot = (t != null) ? t.find(key, hash) : -1;
		if (slot >= 0) {
			t.version(slot, s.nextVersion());
			s.account(memoryDelta);
			this.keyspace.listener.keyModified(this.index, key);
		}
	}

	/** Removes {@code key}; returns whether it existed. */
	public boolean delete(byte[] key) {
		return remove(key) != null;
	}

	/** Removes {@code key} and returns its value, or null. */
	public Object remove(byte[] key) {
		int hash = KeyHash.hash(key);
		int slot = lookup(key, hash, CommandClock.now());
		if (slot < 0) {
			return null;
		}
		Stripe s = this.keyspace.stripe(hash);
		KeyTable t = s.tableIfPresent(this.index);
		Object value = t.value(slot);
		s.account(-(MemoryEstimate.entry(t.key(slot), value)));
		t.removeAt(slot);
		this.keyspace.listener.keyDeleted(this.index, key);
		return value;
	}

	/** Sets the absolute expiry (0 removes it); returns false for a missing key. */
	public boolean setExpireTime(byte[] key, long expireAt) {
		return setExpireTime(key, expireAt, true);
	}

	/**
	 * Sets the absolute expiry keeping the entry's version, as memcached's touch keeps an
	 * item's CAS value (watchers still hear of the change); returns false for a missing key.
	 */
	public boolean touchExpireTime(byte[] key, long expireAt) {
		return setExpireTime(key, expireAt, false);
	}

	private boolean setExpireTime(byte[] key, long expireAt, boolean newVersion) {
		int hash = KeyHash.hash(key);
		int slot = lookup(key, hash, CommandClock.now());
		if (slot < 0) {
			return false;
		}
		Stripe s = this.keyspace.stripe(hash);
		KeyTable t = s.tableIfPresent(this.index);
		t.setExpire(slot, expireAt);
		if (newVersion) {
			t.version(slot, s.nextVersion());
		}
		this.keyspace.listener.keyModified(this.index, key);
		return true;
	}

	/** A copy of the value for COPY: strings are immutable arrays, typed values deep-copy. */
	public static Object copyOf(Object value) {
		return (value instanceof TypedValue tv) ? tv.copy() : value;
	}

	// ---- removals by the keyspace itself -------------------------------------------------

	void expireSlot(Stripe s, KeyTable t, int slot) {
		byte[] key = t.key(slot);
		s.account(-(MemoryEstimate.entry(key, t.value(slot))));
		t.removeAt(slot);
		s.expired++;
		this.keyspace.listener.keyExpired(this.index, key);
	}

	void evictSlot(Stripe s, KeyTable t, int slot) {
		byte[] key = t.key(slot);
		s.account(-(MemoryEstimate.entry(key, t.value(slot))));
		t.removeAt(slot);
		s.evicted++;
		this.keyspace.listener.keyEvicted(this.index, key);
	}

}
