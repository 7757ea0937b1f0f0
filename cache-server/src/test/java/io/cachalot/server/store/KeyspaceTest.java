package io.cachalot.server.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.cachalot.server.store.eviction.EvictionPolicy;
import io.cachalot.server.store.eviction.Evictor;
import io.cachalot.server.store.expiry.ActiveExpiry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyspaceTest {

	private final Keyspace keyspace = new Keyspace(4, 8);

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private <T> T locked(java.util.function.Supplier<T> body) {
		this.keyspace.lockAll();
		try {
			return body.get();
		}
		finally {
			this.keyspace.unlockAll();
		}
	}

	@Test
	void putReadRemoveWithMemoryAccounting() {
		Db db = this.keyspace.db(0);
		locked(() -> {
			db.put(b("k"), b("value"), 0);
			return null;
		});
		long used = this.keyspace.usedBytes();
		assertThat(used).isEqualTo(MemoryEstimate.entry(b("k"), b("value")));
		assertThat(locked(() -> db.getString(b("k")))).isEqualTo(b("value"));
		locked(() -> {
			db.putKeepTtl(b("k"), b("a much longer value than before"));
			return null;
		});
		assertThat(this.keyspace.usedBytes()).isGreaterThan(used);
		assertThat(locked(() -> db.delete(b("k")))).isTrue();
		assertThat(this.keyspace.usedBytes()).isZero();
		assertThat(this.keyspace.stats().keyspaceHits()).isEqualTo(1);
	}

	@Test
	void writesBumpTheVersion() {
		Db db = this.keyspace.db(0);
		long v1 = locked(() -> {
			db.put(b("k"), b("1"), 0);
			return db.version(b("k"));
		});
		long v2 = locked(() -> {
			db.setExpireTime(b("k"), System.currentTimeMillis() + 10_000);
			return db.version(b("k"));
		});
		assertThat(v2).isGreaterThan(v1);
		assertThat(locked(() -> db.version(b("missing")))).isZero();
	}

	@Test
	void readsExpireLazilyAndCount() {
		Db db = this.keyspace.db(1);
		locked(() -> {
			db.put(b("gone"), b("x"), System.currentTimeMillis() - 1);
			db.put(b("kept"), b("x"), System.currentTimeMillis() + 60_000);
			return null;
		});
		assertThat(locked(() -> db.read(b("gone")))).isNull();
		assertThat(locked(() -> db.read(b("kept")))).isNotNull();
		assertThat(this.keyspace.stats().expiredKeys()).isEqualTo(1);
		assertThat(this.keyspace.size(1)).isEqualTo(1);
		assertThat(this.keyspace.usedBytes()).isEqualTo(MemoryEstimate.entry(b("kept"), b("x")));
	}

	@Test
	void activeExpiryRemovesUnreadKeys() {
		Db db = this.keyspace.db(0);
		long past = System.currentTimeMillis() - 1;
		locked(() -> {
			for (int i = 0; i < 20_000; i++) {
				db.put(b("t" + i), b("v"), (i % 2 == 0) ? past : 0);
			}
			return null;
		});
		try (ActiveExpiry expiry = new ActiveExpiry(this.keyspace, 1)) {
			long removed = 0;
			for (int cycle = 0; cycle < 20 && removed < 10_000; cycle++) {
				removed += expiry.cycle();
			}
			assertThat(removed).isEqualTo(10_000);
		}
		assertThat(this.keyspace.size(0)).isEqualTo(10_000);
		assertThat(this.keyspace.volatileSize(0)).isZero();
	}

	@Test
	void scanReturnsEveryKeyAcrossStripesAndDatabasesStayApart() {
		Db db = this.keyspace.db(2);
		locked(() -> {
			for (int i = 0; i < 5_000; i++) {
				db.put(b("s" + i), b("v"), 0);
			}
			this.keyspace.db(3).put(b("other"), b("v"), 0);
			return null;
		});
		Set<String> seen = new HashSet<>();
		long cursor = 0;
		do {
			List<byte[]> out = new ArrayList<>();
			cursor = this.keyspace.scan(2, cursor, 100, null, out);
			out.forEach(k -> seen.add(new String(k, StandardCharsets.UTF_8)));
		}
		while (cursor != 0);
		assertThat(seen).hasSize(5_000).doesNotContain("other");
	}

	@Test
	void flushAndSwapDatabases() {
		locked(() -> {
			this.keyspace.db(0).put(b("a"), b("1"), 0);
			this.keyspace.db(1).put(b("b"), b("2"), 0);
			return null;
		});
		this.keyspace.swap(0, 1);
		assertThat(locked(() -> this.keyspace.db(0).getString(b("b")))).isEqualTo(b("2"));
		assertThat(locked(() -> this.keyspace.db(1).getString(b("a")))).isEqualTo(b("1"));
		this.keyspace.flush(0);
		assertThat(this.keyspace.size(0)).isZero();
		assertThat(this.keyspace.size(1)).isEqualTo(1);
		this.keyspace.flush(-1);
		assertThat(this.keyspace.usedBytes()).isZero();
	}

	@Test
	void typeChecksRaiseWrongType() {
		Db db = this.keyspace.db(0);
		assertThatThrownBy(() -> locked(() -> {
			db.put(b("h"), new FakeHash(), 0);
			return db.getString(b("h"));
		})).isSameAs(WrongTypeException.INSTANCE);
	}

	@Test
	void lruEvictionPrefersIdleKeysAndStopsAtTheLimit() throws Exception {
		Evictor evictor = new Evictor(this.keyspace);
		Db db = this.keyspace.db(0);
		locked(() -> {
			for (int i = 0; i < 2_000; i++) {
				db.put(b("k" + i), new byte[100], 0);
			}
			return null;
		});
		long used = this.keyspace.usedBytes();
		evictor.policy(EvictionPolicy.ALLKEYS_RANDOM);
		evictor.maxmemory(used / 2);
		assertThat(evictor.overLimit()).isTrue();
		assertThat(evictor.makeRoom()).isTrue();
		assertThat(this.keyspace.usedBytes()).isLessThanOrEqualTo(used / 2);
		assertThat(this.keyspace.stats().evictedKeys()).isGreaterThan(900);
	}

	@Test
	void volatilePoliciesOnlyEvictKeysWithTtlAndFailWhenNoneLeft() {
		Evictor evictor = new Evictor(this.keyspace);
		Db db = this.keyspace.db(0);
		long later = System.currentTimeMillis() + 100_000;
		locked(() -> {
			for (int i = 0; i < 100; i++) {
				db.put(b("p" + i), new byte[100], 0);
				db.put(b("v" + i), new byte[100], later + i);
			}
			return null;
		});
		evictor.policy(EvictionPolicy.VOLATILE_TTL);
		evictor.maxmemory(1);
		assertThat(evictor.makeRoom()).isFalse();
		assertThat(this.keyspace.size(0)).isEqualTo(100);
		assertThat(this.keyspace.volatileSize(0)).isZero();
		evictor.policy(EvictionPolicy.NOEVICTION);
		assertThat(evictor.makeRoom()).isFalse();
		assertThat(this.keyspace.size(0)).isEqualTo(100);
	}

	@Test
	void volatileTtlEvictsTheSoonestExpiringFirst() {
		Evictor evictor = new Evictor(this.keyspace);
		evictor.samples(64);
		Db db = this.keyspace.db(0);
		long now = System.currentTimeMillis();
		locked(() -> {
			for (int i = 0; i < 10; i++) {
				db.put(b("soon" + i), new byte[10], now + 10_000 + i);
				db.put(b("late" + i), new byte[10], now + 1_000_000 + i);
			}
			return null;
		});
		long each = MemoryEstimate.entry(b("soon0"), new byte[10]);
		evictor.policy(EvictionPolicy.VOLATILE_TTL);
		evictor.maxmemory(this.keyspace.usedBytes() - each);
		assertThat(evictor.makeRoom()).isTrue();
		assertThat(this.keyspace.size(0)).isEqualTo(19);
		long lateLeft = locked(() -> {
			long n = 0;
			for (int i = 0; i < 10; i++) {
				n += db.exists(b("late" + i)) ? 1 : 0;
			}
			return n;
		});
		assertThat(lateLeft).isEqualTo(10);
	}

	@Test
	void snapshotsKeepThePointInTimeStateWhileWritersGoOn() {
		Db db = this.keyspace.db(0);
		FakeHash hash = new FakeHash();
		locked(() -> {
			for (int i = 0; i < 1_000; i++) {
				db.put(b("k" + i), b("v" + i), 0);
			}
			db.put(b("h"), hash, 0);
			return null;
		});
		java.util.Map<String, Object> seen = new java.util.HashMap<>();
		try (KeyspaceSnapshot snapshot = this.keyspace.snapshot()) {
			Object updated = locked(() -> {
				for (int i = 0; i < 500; i++) {
					db.put(b("k" + i), b("changed"), 0);
				}
				for (int i = 500; i < 1_000; i++) {
					db.delete(b("k" + i));
				}
				db.put(b("new"), b("x"), 0);
				return db.valueForUpdate(b("h"));
			});
			assertThat(updated).isSameAs(hash);
			snapshot.forEach(System.currentTimeMillis(),
					(dbIndex, key, value, expireAt) -> seen.put(new String(key, StandardCharsets.UTF_8), value));
		}
		assertThat(seen).hasSize(1_001).doesNotContainKey("new");
		assertThat((byte[]) seen.get("k7")).isEqualTo(b("v7"));
		assertThat((byte[]) seen.get("k700")).isEqualTo(b("v700"));
		assertThat(seen.get("h")).isInstanceOf(FakeHash.class).isNotSameAs(hash);
		// once closed, writers stop preserving values
		try (KeyspaceSnapshot next = this.keyspace.snapshot()) {
			assertThat(next).isNotNull();
		}
	}

	/** A stand-in non-string value, to exercise type checks in the store. */
	static final class FakeHash implements io.cachalot.server.store.type.TypedValue {

		@Override
		public ValueType type() {
			return ValueType.HASH;
		}

		@Override
		public String encoding() {
			return "listpack";
		}

		@Override
		public long memoryUsage() {
			return 64;
		}

		@Override
		public boolean isEmpty() {
			return false;
		}

		@Override
		public io.cachalot.server.store.type.TypedValue copy() {
			return new FakeHash();
		}

	}

}
