package io.cachalot.server.store.type;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

import io.cachalot.server.store.MemoryEstimate;
import io.cachalot.server.store.ValueType;

/**
 * A hash. Small hashes (within {@link EncodingLimits#hashEntries()} fields, none longer than
 * {@link EncodingLimits#hashValue()} bytes) are two parallel arrays in insertion order — Redis's
 * "listpack": compact, and iterated in the order Redis replies with. Larger ones convert,
 * once and for good, to a {@link BytesMap} ("hashtable").
 *
 * <p>Every mutator returns the change of {@link #memoryUsage()} so the caller can report it
 * to the store in one step.
 */
public final class HashValue implements TypedValue {

	private final EncodingLimits limits;

	// listpack encoding
	private byte[][] fields = new byte[4][];

	private byte[][] values = new byte[4][];

	private int count;

	private long listpackBytes;

	// hashtable encoding (null while small)
	private BytesMap map;

	// per-field expiry (Redis 7.4 HEXPIRE family): absolute unix ms by field; null when none has one
	private java.util.Map<java.nio.ByteBuffer, Long> fieldExpiry;

	private long nextFieldExpiry = Long.MAX_VALUE;

	/** A hash with Redis's default encoding limits. */
	public HashValue() {
		this(EncodingLimits.DEFAULTS);
	}

	public HashValue(EncodingLimits limits) {
		this.limits = limits;
	}

	@Override
	public ValueType type() {
		return ValueType.HASH;
	}

	@Override
	public String encoding() {
		if (this.map != null) {
			return "hashtable";
		}
		return (this.fieldExpiry != null) ? "listpackex" : "listpack";
	}

	// ---- field expiry -------------------------------------------------------------------

	/** The absolute expiry of a field in unix ms, 0 when it has none (the field must exist). */
	public long fieldExpireAt(byte[] field) {
		if (this.fieldExpiry == null) {
			return 0;
		}
		Long at = this.fieldExpiry.get(java.nio.ByteBuffer.wrap(field));
		return (at == null) ? 0 : at;
	}

	/** Sets (0: removes) the absolute expiry of an existing field. */
	public void fieldExpireAt(byte[] field, long at) {
		java.nio.ByteBuffer k = java.nio.ByteBuffer.wrap(field.clone());
		if (at == 0) {
			if (this.fieldExpiry != null) {
				this.fieldExpiry.remove(k);
				if (this.fieldExpiry.isEmpty()) {
					this.fieldExpiry = null;
					this.nextFieldExpiry = Long.MAX_VALUE;
				}
			}
			return;
		}
		if (this.fieldExpiry == null) {
			this.fieldExpiry = new java.util.HashMap<>();
		}
		this.fieldExpiry.put(k, at);
		this.nextFieldExpiry = Math.min(this.nextFieldExpiry, at);
	}

	/** Whether some field has a TTL. */
	public boolean hasFieldTtls() {
		return this.fieldExpiry != null;
	}

	/** Whether some field's time has passed (fields are then purged before the hash is used). */
	public boolean hasExpiredFields(long now) {
		return this.nextFieldExpiry <= now;
	}

	/** Removes the fields whose time has passed; returns how many. */
	public int purgeExpiredFields(long now) {
		if (this.fieldExpiry == null || this.nextFieldExpiry > now) {
			return 0;
		}
		List<byte[]> expired = new ArrayList<>();
		long next = Long.MAX_VALUE;
		for (java.util.Map.Entry<java.nio.ByteBuffer, Long> e : this.fieldExpiry.entrySet()) {
			if (e.getValue() <= now) {
				byte[] f = new byte[e.getKey().remaining()];
				e.getKey().duplicate().get(f);
				expired.add(f);
			}
			else {
				next = Math.min(next, e.getValue());
			}
		}
		for (byte[] f : expired) {
			remove(f);
		}
		this.nextFieldExpiry = next;
		return expired.size();
	}

	public int size() {
		return (this.map == null) ? this.count : this.map.size();
	}

	public boolean isEmpty() {
		return size() == 0;
	}

	private int indexOf(byte[] field) {
		for (int i = 0; i < this.count; i++) {
			if (Arrays.equals(this.fields[i], field)) {
				return i;
			}
		}
		return -1;
	}

	public byte[] get(byte[] field) {
		if (this.map != null) {
			return this.map.get(field);
		}
		int i = indexOf(field);
		return (i < 0) ? null : this.values[i];
	}

	public boolean contains(byte[] field) {
		return get(field) != null;
	}

	/** Sets a field (dropping any TTL it had, as HSET does); returns whether it was new. */
	public boolean put(byte[] field, byte[] value) {
		if (this.fieldExpiry != null) {
			fieldExpireAt(field, 0);
		}
		if (this.map == null) {
			int i = indexOf(field);
			if (i >= 0) {
				this.listpackBytes += entryBytes(field, value) - entryBytes(field, this.values[i]);
				this.values[i] = value;
				convertIfNeeded(field, value);
				return false;
			}
			if (this.count == this.fields.length) {
				this.fields = Arrays.copyOf(this.fields, this.count * 2);
				this.values = Arrays.copyOf(this.values, this.count * 2);
			}
			this.fields[this.count] = field;
			this.values[this.count] = value;
			this.count++;
			this.listpackBytes += entryBytes(field, value);
			convertIfNeeded(field, value);
			return true;
		}
		return this.map.put(field, value);
	}

	private void convertIfNeeded(byte[] field, byte[] value) {
		int maxValue = this.limits.hashValue();
		if (this.count > this.limits.hashEntries() || field.length > maxValue || value.length > maxValue) {
			BytesMap converted = new BytesMap(this.count);
			for (int i = 0; i < this.count; i++) {
				converted.put(this.fields[i], this.values[i]);
			}
			this.map = converted;
			this.fields = null;
			this.values = null;
			this.count = 0;
			this.listpackBytes = 0;
		}
	}

	/** Removes a field; returns whether it was present. */
	public boolean remove(byte[] field) {
		if (this.fieldExpiry != null) {
			fieldExpireAt(field, 0);
		}
		if (this.map != null) {
			return this.map.remove(field);
		}
		int i = indexOf(field);
		if (i < 0) {
			return false;
		}
		this.listpackBytes -= entryBytes(this.fields[i], this.values[i]);
		System.arraycopy(this.fields, i + 1, this.fields, i, this.count - i - 1);
		System.arraycopy(this.values, i + 1, this.values, i, this.count - i - 1);
		this.count--;
		this.fields[this.count] = null;
		this.values[this.count] = null;
		return true;
	}

	/** Fields and values in reply order (insertion order while small). */
	public void forEach(FieldVisitor visitor) {
		if (this.map != null) {
			this.map.forEach(visitor::visit);
			return;
		}
		for (int i = 0; i < this.count; i++) {
			visitor.visit(this.fields[i], this.values[i]);
		}
	}

	/** A random field (the hash must not be empty). */
	public byte[] randomField(RandomGenerator rnd) {
		if (this.map != null) {
			return this.map.randomKey(rnd);
		}
		return this.fields[rnd.nextInt(this.count)];
	}

	/** All fields in reply order. */
	public List<byte[]> fields() {
		List<byte[]> out = new ArrayList<>(size());
		forEach((f, v) -> out.add(f));
		return out;
	}

	/**
	 * One HSCAN step: small hashes answer everything at once with cursor 0, as Redis does
	 * for listpacks.
	 */
	public long scan(long cursor, int count, FieldVisitor visitor) {
		if (this.map == null) {
			forEach(visitor);
			return 0;
		}
		return this.map.scan(cursor, count, visitor::visit);
	}

	private static long entryBytes(byte[] field, byte[] value) {
		return MemoryEstimate.byteArray(field.length) + MemoryEstimate.byteArray(value.length) + 8;
	}

	@Override
	public long memoryUsage() {
		long ttl = (this.fieldExpiry != null) ? this.fieldExpiry.size() * 64L : 0;
		if (this.map != null) {
			return 16 + this.map.memoryUsage() + ttl;
		}
		return 48 + this.fields.length * 8L + this.listpackBytes + ttl;
	}

	@Override
	public HashValue copy() {
		HashValue copy = new HashValue(this.limits);
		if (this.map != null) {
			copy.map = this.map.copy();
			copy.fields = null;
			copy.values = null;
		}
		else {
			copy.fields = this.fields.clone();
			copy.values = this.values.clone();
			copy.count = this.count;
			copy.listpackBytes = this.listpackBytes;
		}
		if (this.fieldExpiry != null) {
			copy.fieldExpiry = new java.util.HashMap<>(this.fieldExpiry);
			copy.nextFieldExpiry = this.nextFieldExpiry;
		}
		return copy;
	}

	/** Receives one field and its value. */
	@FunctionalInterface
	public interface FieldVisitor {

		void visit(byte[] field, byte[] value);

	}

}
