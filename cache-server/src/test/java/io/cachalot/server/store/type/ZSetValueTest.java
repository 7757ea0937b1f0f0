package io.cachalot.server.store.type;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.cachalot.server.store.type.ZSetValue.Entry;
import io.cachalot.server.store.type.ZSetValue.ScoreRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ZSetValueTest {

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static String s(byte[] b) {
		return new String(b, StandardCharsets.UTF_8);
	}

	@Test
	void skipListRanksRangesAndCountsMatchASortedModel() {
		ZSetValue z = checkAgainstSortedModel(2_000, 20_000);
		assertThat(z.encoding()).isEqualTo("skiplist");
	}

	@Test
	void listpackRanksRangesAndCountsMatchASortedModel() {
		ZSetValue z = checkAgainstSortedModel(100, 2_000);
		assertThat(z.encoding()).isEqualTo("listpack");
	}

	@Test
	void convertsToSkipListPastTheListpackLimits() {
		ZSetValue z = new ZSetValue();
		for (int i = 0; i < EncodingLimits.DEFAULTS.zsetEntries(); i++) {
			z.put(b("m" + i), i);
		}
		assertThat(z.encoding()).isEqualTo("listpack");
		z.put(b("one-more"), -1);
		assertThat(z.encoding()).isEqualTo("skiplist");
		assertThat(z.rank(b("one-more"), false)).isZero();
		assertThat(z.score(b("m127"))).isEqualTo(127.0);
		ZSetValue wide = new ZSetValue();
		wide.put(b("a"), 1);
		wide.put(b("x".repeat(EncodingLimits.DEFAULTS.zsetValue() + 1)), 2);
		assertThat(wide.encoding()).isEqualTo("skiplist");
		assertThat(wide.entries()).extracting(e -> s(e.member())).first().isEqualTo("a");
	}

	private static ZSetValue checkAgainstSortedModel(int memberPool, int operations) {
		ZSetValue z = new ZSetValue();
		Map<String, Double> model = new HashMap<>();
		Random rnd = new Random(5);
		for (int op = 0; op < operations; op++) {
			String m = "m" + rnd.nextInt(memberPool);
			if (rnd.nextInt(4) > 0) {
				double score = rnd.nextInt(300) / 4.0;
				assertThat(z.put(b(m), score)).isEqualTo(model.put(m, score) == null);
			}
			else {
				assertThat(z.remove(b(m))).isEqualTo(model.remove(m) != null);
			}
		}
		List<Map.Entry<String, Double>> sorted = new ArrayList<>(model.entrySet());
		sorted.sort(Comparator.<Map.Entry<String, Double>>comparingDouble(Map.Entry::getValue)
			.thenComparing(Map.Entry::getKey));
		assertThat(z.size()).isEqualTo(sorted.size());
		List<Entry> all = z.entries();
		for (int i = 0; i < sorted.size(); i++) {
			assertThat(s(all.get(i).member())).isEqualTo(sorted.get(i).getKey());
			assertThat(z.rank(b(sorted.get(i).getKey()), false)).isEqualTo(i);
			assertThat(z.rank(b(sorted.get(i).getKey()), true)).isEqualTo(sorted.size() - 1 - i);
		}
		ScoreRange range = new ScoreRange(10, true, 40, false);
		long expected = sorted.stream().filter(e -> e.getValue() > 10 && e.getValue() <= 40).count();
		assertThat(z.countByScore(range)).isEqualTo(expected);
		assertThat(z.rangeByScore(range, false, 0, -1)).hasSize((int) expected);
		assertThat(z.rangeByScore(range, true, 2, 5)).hasSize((int) Math.min(5, Math.max(0, expected - 2)));
		assertThat(z.rangeByRank(-3, -1, false)).extracting(e -> s(e.member()))
			.containsExactly(sorted.get(sorted.size() - 3).getKey(), sorted.get(sorted.size() - 2).getKey(),
					sorted.get(sorted.size() - 1).getKey());
		assertThat(z.rangeByRank(0, 0, true).get(0).member()).isEqualTo(b(sorted.get(sorted.size() - 1).getKey()));
		return z;
	}

	@Test
	void lexRangesAndPops() {
		ZSetValue z = new ZSetValue();
		for (String m : new String[] { "a", "b", "c", "d", "e" }) {
			z.put(b(m), 0);
		}
		var bToD = new ZSetValue.LexRange(0, b("b"), false, 0, b("d"), true);
		assertThat(z.rangeByLex(bToD, false, 0, -1)).extracting(e -> s(e.member())).containsExactly("b", "c");
		var all = new ZSetValue.LexRange(-1, null, false, 1, null, false);
		assertThat(z.countByLex(all)).isEqualTo(5);
		var none = new ZSetValue.LexRange(1, null, false, -1, null, false);
		assertThat(z.countByLex(none)).isZero();
		assertThat(z.pop(2, true)).extracting(e -> s(e.member())).containsExactly("e", "d");
		assertThat(z.pop(1, false)).extracting(e -> s(e.member())).containsExactly("a");
		assertThat(z.size()).isEqualTo(2);
		ZSetValue copy = z.copy();
		copy.put(b("zz"), 1);
		assertThat(z.score(b("zz"))).isNull();
	}

}
