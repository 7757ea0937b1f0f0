package io.cachalot.server.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyTableTest {

	private static byte[] key(int i) {
		return ("key:" + i).getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void behavesLikeAMapUnderRandomInsertsAndDeletes() {
		KeyTable table = new KeyTable();
		Map<String, Integer> model = new HashMap<>();
		Random rnd = new Random(42);
		for (int op = 0; op < 200_000; op++) {
			int k = rnd.nextInt(5_000);
			byte[] key = key(k);
			int hash = KeyHash.hash(key);
			int slot = table.find(key, hash);
			assertThat(slot >= 0).isEqualTo(model.containsKey("key:" + k));
			if (rnd.nextBoolean()) {
				if (slot < 0) {
					table.insert(key, hash, k, 0, op, 0);
					model.put("key:" + k, k);
				}
			}
			else if (slot >= 0) {
				table.removeAt(slot);
				model.remove("key:" + k);
			}
		}
		assertThat(table.size).isEqualTo(model.size());
		for (String k : model.keySet()) {
			byte[] key = k.getBytes(StandardCharsets.UTF_8);
			int slot = table.find(key, KeyHash.hash(key));
			assertThat(table.value(slot)).isEqualTo(model.get(k));
		}
	}

	/** Memcached client flags follow their entry through backward shifts, growth and shrinking. */
	@Test
	void clientFlagsStayWithTheirEntry() {
		KeyTable table = new KeyTable();
		Map<String, Integer> flags = new HashMap<>();
		Random rnd = new Random(7);
		for (int op = 0; op < 100_000; op++) {
			int k = rnd.nextInt(3_000);
			byte[] key = key(k);
			int hash = KeyHash.hash(key);
			int slot = table.find(key, hash);
			if (slot < 0) {
				slot = table.insert(key, hash, k, 0, op, 0);
				assertThat(table.clientFlags(slot)).as("a new entry has no flags").isZero();
				int f = (k % 4 == 0) ? 0 : k * 7919;
				table.clientFlags(slot, f);
				flags.put("key:" + k, f);
			}
			else if (rnd.nextInt(3) == 0) {
				table.removeAt(slot);
				flags.remove("key:" + k);
			}
		}
		for (Map.Entry<String, Integer> e : flags.entrySet()) {
			byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
			assertThat(table.clientFlags(table.find(key, KeyHash.hash(key)))).as(e.getKey()).isEqualTo(e.getValue());
		}
		KeyTable copy = table.cloneArrays();
		byte[] any = flags.keySet().iterator().next().getBytes(StandardCharsets.UTF_8);
		int slot = table.find(any, KeyHash.hash(any));
		table.clientFlags(slot, 12345);
		assertThat(copy.clientFlags(slot)).as("a snapshot keeps its own flags").isEqualTo(flags.get(new String(any, StandardCharsets.UTF_8)));
	}

	@Test
	void tablesWithoutFlaggedEntriesHaveNoFlagArray() {
		KeyTable table = new KeyTable();
		for (int i = 0; i < 1_000; i++) {
			int slot = table.insert(key(i), KeyHash.hash(key(i)), i, 0, i, 0);
			table.clientFlags(slot, 0);
		}
		assertThat(table.clientFlags).isNull();
	}

	@Test
	void growsAndShrinksKeepingEveryEntry() {
		KeyTable table = new KeyTable();
		for (int i = 0; i < 10_000; i++) {
			table.insert(key(i), KeyHash.hash(key(i)), i, i % 3 == 0 ? 1000 + i : 0, i, i);
		}
		assertThat(table.capacity()).isGreaterThanOrEqualTo((int) (10_000 / KeyTable.MAX_LOAD));
		assertThat(table.volatileCount).isEqualTo(3334);
		for (int i = 0; i < 9_990; i++) {
			table.removeAt(table.find(key(i), KeyHash.hash(key(i))));
		}
		assertThat(table.capacity()).isLessThan(256);
		for (int i = 9_990; i < 10_000; i++) {
			int slot = table.find(key(i), KeyHash.hash(key(i)));
			assertThat(table.value(slot)).isEqualTo(i);
			assertThat(table.version(slot)).isEqualTo(i);
			assertThat(table.expireAt(slot)).isEqualTo(i % 3 == 0 ? 1000 + i : 0);
		}
		assertThat(table.volatileCount).isEqualTo(4);
	}

	@Test
	void rangeScanVisitsEachKeyExactlyOnceOverTheWholeHashSpace() {
		KeyTable table = new KeyTable();
		for (int i = 0; i < 3_000; i++) {
			table.insert(key(i), KeyHash.hash(key(i)), i, 0, 0, 0);
		}
		List<Object> seen = new ArrayList<>();
		long step = KeyTable.HASH_SPACE / 97;
		for (long from = 0; from < KeyTable.HASH_SPACE; from += step) {
			table.scanRange(from, Math.min(KeyTable.HASH_SPACE, from + step), slot -> seen.add(table.value(slot)));
		}
		assertThat(seen).hasSize(3_000).doesNotHaveDuplicates();
	}

	@Test
	void scanPositionsSurviveResizesBetweenCalls() {
		KeyTable table = new KeyTable();
		for (int i = 0; i < 1_000; i++) {
			table.insert(key(i), KeyHash.hash(key(i)), i, 0, 0, 0);
		}
		Set<Object> seen = new HashSet<>();
		long step = KeyTable.HASH_SPACE / 300;
		int calls = 0;
		for (long from = 0; from < KeyTable.HASH_SPACE; from += step) {
			table.scanRange(from, Math.min(KeyTable.HASH_SPACE, from + step), slot -> seen.add(table.value(slot)));
			// grow the table mid-scan, then shrink it back by removing the added keys
			if (++calls == 20) {
				for (int i = 1_000; i < 20_000; i++) {
					table.insert(key(i), KeyHash.hash(key(i)), i, 0, 0, 0);
				}
			}
			if (calls == 200) {
				for (int i = 1_000; i < 20_000; i++) {
					table.removeAt(table.find(key(i), KeyHash.hash(key(i))));
				}
			}
		}
		for (int i = 0; i < 1_000; i++) {
			assertThat(seen).as("key %d", i).contains(i);
		}
	}

	@Test
	void loadStaysBetweenTheShrinkAndGrowThresholds() {
		KeyTable table = new KeyTable();
		for (int i = 0; i < 100_000; i++) {
			table.insert(key(i), KeyHash.hash(key(i)), i, 0, 0, 0);
			if (i > 100) {
				double load = (double) table.size / table.capacity();
				assertThat(load).isBetween(KeyTable.TARGET_LOAD - 0.01, KeyTable.MAX_LOAD + 0.01);
			}
		}
	}

}
