package io.cachalot.server.store.type;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

import io.cachalot.server.store.ValueType;
import io.cachalot.server.util.Numbers;

/**
 * A set. While every member is the canonical text of a 64-bit integer and there are at most
 * {@link EncodingLimits#setIntsetEntries()} of them, the set is a sorted {@code long[]} — Redis's "intset",
 * 8 bytes a member and iterated in ascending order as Redis replies. Otherwise it is a
 * {@link BytesSet} ("hashtable"); conversion happens once, on the first
 * member that does not fit.
 */
public final class SetValue implements TypedValue {

	private final EncodingLimits limits;

	private long[] ints = new long[4];

	private int intCount;

	private BytesSet map;

	/** A set with Redis's default encoding limits. */
	public SetValue() {
		this(EncodingLimits.DEFAULTS);
	}

	public SetValue(EncodingLimits limits) {
		this.limits = limits;
	}

	@Override
	public ValueType type() {
		return ValueType.SET;
	}

	@Override
	public String encoding() {
		return (this.map == null) ? "intset" : "hashtable";
	}

	public int size() {
		return (this.map == null) ? this.intCount : this.map.size();
	}

	public boolean isEmpty() {
		return size() == 0;
	}

	private static Long asInt(byte[] member) {
		if (member.length == 0 || member.length > 20) {
			return null;
		}
		try {
			return Numbers.parseLong(member);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	public boolean contains(byte[] member) {
		if (this.map != null) {
			return this.map.contains(member);
		}
		Long n = asInt(member);
		return n != null && Arrays.binarySearch(this.ints, 0, this.intCount, n) >= 0;
	}

	/** Adds a member; returns whether it was new. */
	public boolean add(byte[] member) {
		if (this.map == null) {
			Long n = asInt(member);
			if (n != null) {
				int at = Arrays.binarySearch(this.ints, 0, this.intCount, n);
				if (at >= 0) {
					return false;
				}
				if (this.intCount < this.limits.setIntsetEntries()) {
					int insert = -at - 1;
					if (this.intCount == this.ints.length) {
						this.ints = Arrays.copyOf(this.ints, this.intCount * 2);
					}
					System.arraycopy(this.ints, insert, this.ints, insert + 1, this.intCount - insert);
					this.ints[insert] = n;
					this.intCount++;
					return true;
				}
			}
			convert();
		}
		return this.map.add(member);
	}

	private void convert() {
		BytesSet converted = new BytesSet(this.intCount + 1);
		for (int i = 0; i < this.intCount; i++) {
			converted.add(Numbers.toBytes(this.ints[i]).clone());
		}
		this.map = converted;
		this.ints = null;
		this.intCount = 0;
	}

	/** Removes a member; returns whether it was present. */
	public boolean remove(byte[] member) {
		if (this.map != null) {
			return this.map.remove(member);
		}
		Long n = asInt(member);
		if (n == null) {
			return false;
		}
		int at = Arrays.binarySearch(this.ints, 0, this.intCount, n);
		if (at < 0) {
			return false;
		}
		System.arraycopy(this.ints, at + 1, this.ints, at, this.intCount - at - 1);
		this.intCount--;
		return true;
	}

	/** Members in reply order (ascending while an intset). */
	public void forEach(MemberVisitor visitor) {
		if (this.map != null) {
			this.map.forEach(visitor::visit);
			return;
		}
		for (int i = 0; i < this.intCount; i++) {
			visitor.visit(Numbers.toBytes(this.ints[i]));
		}
	}

	public List<byte[]> members() {
		List<byte[]> out = new ArrayList<>(size());
		forEach(out::add);
		return out;
	}

	/** A random member (the set must not be empty). */
	public byte[] randomMember(RandomGenerator rnd) {
		if (this.map != null) {
			return this.map.randomMember(rnd);
		}
		return Numbers.toBytes(this.ints[rnd.nextInt(this.intCount)]);
	}

	/** One SSCAN step: intsets answer everything at once with cursor 0, as Redis does. */
	public long scan(long cursor, int count, MemberVisitor visitor) {
		if (this.map == null) {
			forEach(visitor);
			return 0;
		}
		return this.map.scan(cursor, count, visitor::visit);
	}

	@Override
	public long memoryUsage() {
		if (this.map != null) {
			return 16 + this.map.memoryUsage();
		}
		return 40 + this.ints.length * 8L;
	}

	@Override
	public SetValue copy() {
		SetValue copy = new SetValue(this.limits);
		if (this.map != null) {
			copy.map = this.map.copy();
			copy.ints = null;
		}
		else {
			copy.ints = this.ints.clone();
			copy.intCount = this.intCount;
		}
		return copy;
	}

	/** Receives one member. */
	@FunctionalInterface
	public interface MemberVisitor {

		void visit(byte[] member);

	}

}
