package io.cachalot.server.store.type;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.cachalot.server.store.type.ZSetValue.Entry;
import io.cachalot.server.store.type.ZSetValue.LexRange;
import io.cachalot.server.store.type.ZSetValue.ScoreRange;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sorted sets against a map-plus-sort model in both encodings (listpack limits from 0 to
 * above the set size): ranks both ways, ranges by rank, score and lex with offsets and
 * limits, counts, pops, ZSCAN completeness and copies.
 */
class ZSetValuePropertyTest {

	private static final Comparator<Entry> ORDER = (a, b) -> ZScoreTree.compare(a.score(), a.member(), b.score(), b.member());

	@Property(tries = 60)
	void behavesLikeASortedModel(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3_000) int operations,
			@ForAll @IntRange(min = 0, max = 200) int listpackEntries, @ForAll @IntRange(min = 1, max = 400) int memberPool,
			@ForAll @IntRange(min = 1, max = 30) int distinctScores) {
		EncodingLimits limits = new EncodingLimits();
		limits.zsetEntries(listpackEntries);
		ZSetValue z = new ZSetValue(limits);
		Map<String, Double> model = new HashMap<>();
		Random rnd = new Random(seed);
		for (int op = 0; op < operations; op++) {
			String member = "m" + rnd.nextInt(memberPool);
			switch (rnd.nextInt(8)) {
				case 0, 1, 2, 3, 4 -> {
					double score = rnd.nextInt(distinctScores) - distinctScores / 2;
					assertThat(z.put(b(member), score)).isEqualTo(model.put(member, score) == null);
				}
				case 5 -> assertThat(z.remove(b(member))).isEqualTo(model.remove(member) != null);
				case 6 -> {
					if (rnd.nextInt(20) == 0) {
						boolean max = rnd.nextBoolean();
						List<Entry> sorted = sorted(model);
						int n = rnd.nextInt(3);
						List<Entry> expected = new ArrayList<>();
						for (int i = 0; i < n && i < sorted.size(); i++) {
							expected.add(sorted.get(max ? sorted.size() - 1 - i : i));
						}
						assertThat(z.pop(n, max)).usingElementComparator(ORDER).containsExactlyElementsOf(expected);
						expected.forEach(e -> model.remove(s(e.member())));
					}
				}
				default -> assertThat(z.score(b(member))).isEqualTo(model.get(member));
			}
			assertThat(z.size()).isEqualTo(model.size());
		}
		List<Entry> sorted = sorted(model);
		assertThat(z.entries()).usingElementComparator(ORDER).containsExactlyElementsOf(sorted);
		assertThat(z.copy().entries()).usingElementComparator(ORDER).containsExactlyElementsOf(sorted);
		assertThat(z.encoding()).isEqualTo((model.size() > listpackEntries) ? "skiplist" : z.encoding());
		for (int probe = 0; probe < 40 && !sorted.isEmpty(); probe++) {
			int i = rnd.nextInt(sorted.size());
			byte[] m = sorted.get(i).member();
			assertThat(z.rank(m, false)).isEqualTo(i);
			assertThat(z.rank(m, true)).isEqualTo(sorted.size() - 1 - i);
			long start = rnd.nextInt(2 * sorted.size() + 1) - sorted.size();
			long stop = rnd.nextInt(2 * sorted.size() + 1) - sorted.size();
			boolean reverse = rnd.nextBoolean();
			assertThat(z.rangeByRank(start, stop, reverse)).usingElementComparator(ORDER)
				.containsExactlyElementsOf(byRank(sorted, start, stop, reverse));
			ScoreRange range = new ScoreRange(rnd.nextInt(distinctScores + 2) - distinctScores / 2 - 1, rnd.nextBoolean(),
					rnd.nextInt(distinctScores + 2) - distinctScores / 2 - 1, rnd.nextBoolean());
			int offset = rnd.nextInt(4);
			int limit = rnd.nextInt(6) - 1;
			List<Entry> inRange = new ArrayList<>(sorted.stream().filter(e -> range.aboveMin(e.score()) && range.belowMax(e.score())).toList());
			assertThat(z.countByScore(range)).isEqualTo(range.isEmpty() ? 0 : inRange.size());
			if (reverse) {
				java.util.Collections.reverse(inRange);
			}
			assertThat(z.rangeByScore(range, reverse, offset, limit)).usingElementComparator(ORDER)
				.containsExactlyElementsOf(range.isEmpty() ? List.of() : page(inRange, offset, limit));
		}
		Set<String> scanned = new HashSet<>();
		long cursor = 0;
		do {
			cursor = z.scan(cursor, 1 + rnd.nextInt(10), (m, score) -> {
				assertThat(score).isEqualTo(model.get(s(m)));
				scanned.add(s(m));
			});
		}
		while (cursor != 0);
		assertThat(scanned).isEqualTo(model.keySet());
	}

	@Property(tries = 30)
	void lexRangesOnEqualScores(@ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int size,
			@ForAll @IntRange(min = 0, max = 200) int listpackEntries) {
		EncodingLimits limits = new EncodingLimits();
		limits.zsetEntries(listpackEntries);
		ZSetValue z = new ZSetValue(limits);
		Random rnd = new Random(seed);
		Set<String> members = new java.util.TreeSet<>();
		for (int i = 0; i < size; i++) {
			String m = Integer.toString(rnd.nextInt(1000), 36);
			z.put(b(m), 0);
			members.add(m);
		}
		List<String> all = new ArrayList<>(members);
		for (int probe = 0; probe < 30; probe++) {
			String lo = Integer.toString(rnd.nextInt(1000), 36);
			String hi = Integer.toString(rnd.nextInt(1000), 36);
			boolean loEx = rnd.nextBoolean();
			boolean hiEx = rnd.nextBoolean();
			int loKind = (rnd.nextInt(6) == 0) ? -1 : 0;
			int hiKind = (rnd.nextInt(6) == 0) ? 1 : 0;
			LexRange range = new LexRange(loKind, b(lo), loEx, hiKind, b(hi), hiEx);
			List<String> expected = all.stream()
				.filter(m -> loKind == -1 || (loEx ? m.compareTo(lo) > 0 : m.compareTo(lo) >= 0))
				.filter(m -> hiKind == 1 || (hiEx ? m.compareTo(hi) < 0 : m.compareTo(hi) <= 0))
				.toList();
			if (range.isEmpty()) {
				expected = List.of();
			}
			assertThat(z.rangeByLex(range, false, 0, -1)).extracting(e -> s(e.member())).containsExactlyElementsOf(expected);
			assertThat(z.countByLex(range)).isEqualTo(expected.size());
			List<String> reversed = new ArrayList<>(expected);
			java.util.Collections.reverse(reversed);
			assertThat(z.rangeByLex(range, true, 1, 3)).extracting(e -> s(e.member()))
				.containsExactlyElementsOf(page(reversed, 1, 3));
		}
	}

	private static List<Entry> sorted(Map<String, Double> model) {
		List<Entry> out = new ArrayList<>();
		model.forEach((m, s) -> out.add(new Entry(b(m), s)));
		out.sort(ORDER);
		return out;
	}

	private static List<Entry> byRank(List<Entry> sorted, long start, long stop, boolean reverse) {
		int n = sorted.size();
		long s = (start < 0) ? Math.max(0, n + start) : start;
		long e = (stop < 0) ? n + stop : Math.min(stop, n - 1L);
		List<Entry> out = new ArrayList<>();
		for (long i = s; i <= e; i++) {
			out.add(sorted.get((int) (reverse ? n - 1 - i : i)));
		}
		return out;
	}

	private static <T> List<T> page(List<T> items, int offset, int limit) {
		List<T> out = new ArrayList<>();
		for (int i = offset; i < items.size() && (limit < 0 || out.size() < limit); i++) {
			out.add(items.get(i));
		}
		return out;
	}

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static String s(byte[] b) {
		return new String(b, StandardCharsets.UTF_8);
	}

}
