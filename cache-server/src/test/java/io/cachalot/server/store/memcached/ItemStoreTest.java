package io.cachalot.server.store.memcached;

import java.nio.charset.StandardCharsets;

import io.cachalot.server.store.Db;
import io.cachalot.server.store.Keyspace;
import io.cachalot.server.store.memcached.ItemStore.Mode;
import io.cachalot.server.store.memcached.ItemStore.Outcome;
import io.cachalot.server.store.type.ListValue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Memcached item semantics on the keyspace, without the network. */
class ItemStoreTest {

	private final Keyspace keyspace = new Keyspace(2, 8);

	private final ItemStore items = new ItemStore(this.keyspace);

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private ItemStore.Stored store(Mode mode, String key, String value, int flags) {
		return this.items.store(mode, b(key), b(value), flags, 0, null);
	}

	@Test
	void expirationTimesAreRelativeUpToThirtyDaysThenUnixTimes() {
		long now = 1_700_000_000_000L;
		assertThat(ItemStore.expireAt(0, now)).isZero();
		assertThat(ItemStore.expireAt(10, now)).isEqualTo(now + 10_000);
		assertThat(ItemStore.expireAt(ItemStore.MAX_RELATIVE_EXPTIME, now))
			.isEqualTo(now + ItemStore.MAX_RELATIVE_EXPTIME * 1000);
		assertThat(ItemStore.expireAt(1_800_000_000L, now)).isEqualTo(1_800_000_000_000L);
		assertThat(ItemStore.expireAt(ItemStore.MAX_RELATIVE_EXPTIME + 1, now)).as("a unix time in 1970")
			.isEqualTo(ItemStore.ALREADY_EXPIRED);
		assertThat(ItemStore.expireAt(-1, now)).isEqualTo(ItemStore.ALREADY_EXPIRED);
	}

	@Test
	void storageModes() {
		assertThat(store(Mode.ADD, "k", "a", 1).outcome()).isEqualTo(Outcome.DONE);
		assertThat(store(Mode.ADD, "k", "b", 2).outcome()).isEqualTo(Outcome.NOT_STORED);
		assertThat(store(Mode.REPLACE, "none", "x", 0).outcome()).isEqualTo(Outcome.NOT_STORED);
		assertThat(store(Mode.REPLACE, "k", "c", 3).outcome()).isEqualTo(Outcome.DONE);
		assertThat(store(Mode.APPEND, "k", ">", 99).outcome()).isEqualTo(Outcome.DONE);
		assertThat(store(Mode.PREPEND, "k", "<", 99).outcome()).isEqualTo(Outcome.DONE);
		assertThat(store(Mode.APPEND, "none", "x", 0).outcome()).isEqualTo(Outcome.NOT_STORED);
		Db.Item item = this.items.get(b("k"));
		assertThat(new String(item.value(), StandardCharsets.UTF_8)).isEqualTo("<c>");
		assertThat(item.clientFlags()).as("append and prepend keep the flags").isEqualTo(3);
	}

	@Test
	void casComparesTheVersionEveryWriteChangesAndTouchKeeps() {
		long cas = store(Mode.SET, "k", "v1", 0).cas();
		assertThat(this.items.get(b("k")).cas()).isEqualTo(cas);
		assertThat(this.items.touch(b("k"), System.currentTimeMillis() + 60_000)).isTrue();
		assertThat(this.items.get(b("k")).cas()).isEqualTo(cas);
		ItemStore.Stored swapped = this.items.store(Mode.SET, b("k"), b("v2"), 0, 0, ItemStore.CasCheck.of(cas));
		assertThat(swapped.outcome()).isEqualTo(Outcome.DONE);
		assertThat(swapped.cas()).isNotEqualTo(cas);
		assertThat(this.items.store(Mode.SET, b("k"), b("v3"), 0, 0, ItemStore.CasCheck.of(cas)).outcome()).isEqualTo(Outcome.EXISTS);
		assertThat(this.items.store(Mode.SET, b("none"), b("v"), 0, 0, ItemStore.CasCheck.of(cas)).outcome())
			.isEqualTo(Outcome.NOT_FOUND);
		assertThat(this.items.delete(b("k"), ItemStore.CasCheck.of(cas))).isEqualTo(Outcome.EXISTS);
		assertThat(this.items.delete(b("k"), ItemStore.CasCheck.of(swapped.cas()))).isEqualTo(Outcome.DONE);
	}

	@Test
	void casValuesAreUniqueAcrossKeys() {
		java.util.Set<Long> seen = new java.util.HashSet<>();
		for (int i = 0; i < 1_000; i++) {
			assertThat(seen.add(store(Mode.SET, "key" + i, "v", 0).cas())).isTrue();
		}
	}

	/** One client wins the right to recache a missing, stale or expiring item; the others are told. */
	@Test
	void recacheTokensGoToOneClient() {
		long now = System.currentTimeMillis();
		long unset = ItemStore.UNSET;
		ItemStore.MetaRead first = this.items.metaGet(b("k"), unset, now + 30_000, unset, now);
		assertThat(first.win()).as("a vivified item goes to its creator").isTrue();
		assertThat(first.item().value()).isEmpty();
		ItemStore.MetaRead second = this.items.metaGet(b("k"), unset, now + 30_000, unset, now);
		assertThat(second.win()).isFalse();
		assertThat(second.item().has(Db.Item.TOKEN_SENT)).isTrue();
		long cas = store(Mode.SET, "k", "fresh", 0).cas();
		ItemStore.MetaRead fresh = this.items.metaGet(b("k"), unset, unset, unset, now);
		assertThat(fresh.item().state() & (Db.Item.TOKEN_SENT | Db.Item.STALE)).as("a write starts afresh").isZero();
		assertThat(fresh.item().has(Db.Item.FETCHED)).isFalse();
		assertThat(this.items.metaGet(b("k"), unset, unset, unset, now).item().has(Db.Item.FETCHED)).isTrue();

		assertThat(this.items.invalidate(b("k"), ItemStore.CasCheck.of(cas + 1), unset)).isEqualTo(Outcome.EXISTS);
		assertThat(this.items.invalidate(b("k"), null, now + 30_000)).isEqualTo(Outcome.DONE);
		Db.Item stale = this.items.peek(b("k"));
		assertThat(stale.has(Db.Item.STALE)).isTrue();
		assertThat(stale.cas()).as("invalidating makes a new CAS value").isNotEqualTo(cas);
		assertThat(stale.expireAt()).isEqualTo(now + 30_000);
		assertThat(this.items.metaGet(b("k"), unset, unset, unset, now).win()).isTrue();
		assertThat(this.items.metaGet(b("k"), unset, unset, unset, now).win()).isFalse();
		// the winner writes back with the CAS value it read before the invalidation: stored, still stale
		ItemStore.Stored late = this.items.store(Mode.SET, b("k"), b("recomputed"), 0, 0, new ItemStore.CasCheck(cas, true));
		assertThat(late.outcome()).isEqualTo(Outcome.DONE);
		Db.Item after = this.items.peek(b("k"));
		assertThat(after.has(Db.Item.STALE)).isTrue();
		assertThat(after.has(Db.Item.TOKEN_SENT)).isTrue();
		assertThat(after.expireAt()).as("keeps the TTL").isEqualTo(now + 30_000);
		assertThat(this.items.store(Mode.SET, b("k"), b("x"), 0, 0, new ItemStore.CasCheck(after.cas() + 1, true))
			.outcome()).as("a newer CAS value than the item's is refused").isEqualTo(Outcome.EXISTS);

		store(Mode.SET, "ttl", "v", 0);
		this.items.touch(b("ttl"), now + 10_000);
		assertThat(this.items.metaGet(b("ttl"), unset, unset, 5, now).win()).as("10 s left, threshold 5").isFalse();
		assertThat(this.items.metaGet(b("ttl"), unset, unset, 20, now).win()).isTrue();
		assertThat(this.items.metaGet(b("ttl"), unset, unset, 20, now).win()).isFalse();
	}

	@Test
	void countersAreUnsignedDecimalsPaddedInPlaceWhenTheyShrink() {
		store(Mode.SET, "n", "100", 7);
		ItemStore.Counter down = this.items.add(b("n"), 95, false, null, false, 0, 0);
		assertThat(down.value()).isEqualTo(5);
		assertThat(new String(this.items.get(b("n")).value(), StandardCharsets.US_ASCII)).isEqualTo("5  ");
		assertThat(this.items.get(b("n")).clientFlags()).isEqualTo(7);
		assertThat(this.items.add(b("n"), 10, false, null, false, 0, 0).value()).as("decr stops at 0").isZero();
		store(Mode.SET, "max", "18446744073709551615", 0);
		assertThat(this.items.add(b("max"), 2, true, null, false, 0, 0).value()).as("incr wraps").isEqualTo(1);
		store(Mode.SET, "text", "abc", 0);
		assertThat(this.items.add(b("text"), 1, true, null, false, 0, 0).outcome()).isEqualTo(Outcome.NOT_STORED);
		assertThat(this.items.add(b("none"), 1, true, null, false, 0, 0).outcome()).isEqualTo(Outcome.NOT_FOUND);
		ItemStore.Counter created = this.items.add(b("fresh"), 1, true, null, true, 42, 0);
		assertThat(created.value()).as("auto-vivified with the initial value").isEqualTo(42);
		assertThat(new String(this.items.get(b("fresh")).value(), StandardCharsets.US_ASCII)).isEqualTo("42");
	}

	@Test
	void unsignedParsingFollowsMemcached() {
		assertThat(ItemStore.parseUnsigned(b(" 12 "))).isEqualTo(12);
		assertThat(ItemStore.parseUnsigned(b("0018446744073709551615"))).isEqualTo(-1L);
		assertThatThrownBy(() -> ItemStore.parseUnsigned(b("18446744073709551616"))).isInstanceOf(NumberFormatException.class);
		assertThatThrownBy(() -> ItemStore.parseUnsigned(b("-1"))).isInstanceOf(NumberFormatException.class);
		assertThatThrownBy(() -> ItemStore.parseUnsigned(b("1 2"))).isInstanceOf(NumberFormatException.class);
		assertThatThrownBy(() -> ItemStore.parseUnsigned(b(""))).isInstanceOf(NumberFormatException.class);
	}

	@Test
	void otherRedisTypesReadAsMissingAndAreReplacedBySet() {
		Db db = this.keyspace.db(0);
		int stripe = this.keyspace.stripeOf(b("list"));
		this.keyspace.lockStripe(stripe);
		try {
			db.put(b("list"), new ListValue(), 0);
		}
		finally {
			this.keyspace.unlockStripe(stripe);
		}
		assertThat(this.items.get(b("list"))).isNull();
		assertThat(store(Mode.ADD, "list", "x", 0).outcome()).isEqualTo(Outcome.NOT_STORED);
		assertThat(store(Mode.APPEND, "list", "x", 0).outcome()).isEqualTo(Outcome.NOT_STORED);
		assertThat(this.items.add(b("list"), 1, true, null, true, 0, 0).outcome()).isEqualTo(Outcome.NOT_STORED);
		assertThat(store(Mode.SET, "list", "x", 5).outcome()).isEqualTo(Outcome.DONE);
		assertThat(this.items.get(b("list")).clientFlags()).isEqualTo(5);
	}

	@Test
	void aRedisWriteResetsTheFlags() {
		store(Mode.SET, "k", "v", 42);
		Db db = this.keyspace.db(0);
		int stripe = this.keyspace.stripeOf(b("k"));
		this.keyspace.lockStripe(stripe);
		try {
			db.put(b("k"), b("redis"), 0);
		}
		finally {
			this.keyspace.unlockStripe(stripe);
		}
		assertThat(this.items.get(b("k")).clientFlags()).isZero();
	}

	@Test
	void aPastExpirationTimeStoresNothing() {
		store(Mode.SET, "k", "v", 0);
		assertThat(this.items.store(Mode.SET, b("k"), b("v2"), 0, ItemStore.ALREADY_EXPIRED, null).outcome())
			.isEqualTo(Outcome.DONE);
		assertThat(this.items.get(b("k"))).isNull();
		store(Mode.SET, "t", "v", 0);
		assertThat(this.items.getAndTouch(b("t"), ItemStore.ALREADY_EXPIRED)).isNotNull();
		assertThat(this.items.get(b("t"))).as("gat with a past time returns the item, then it is gone").isNull();
	}

}
