package io.cachalot.server.store.type;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sets against a {@link HashSet} model, across the intset-to-hashtable conversion (integers
 * in Redis's canonical form only — "007" and "-0" are strings), and the set algebra of
 * SINTER / SUNION / SDIFF against Java's.
 */
class SetValuePropertyTest {

	@Property(tries = 60)
	void behavesLikeASet(@ForAll long seed, @ForAll @IntRange(min = 1, max = 2_000) int operations,
			@ForAll @IntRange(min = 0, max = 64) int intsetEntries, @ForAll @IntRange(min = 0, max = 100) int stringPercent) {
		EncodingLimits limits = new EncodingLimits();
		limits.setIntsetEntries(intsetEntries);
		Random rnd = new Random(seed);
		SetValue set = new SetValue(limits);
		Set<String> model = new HashSet<>();
		for (int op = 0; op < operations; op++) {
			String member = member(rnd, stringPercent);
			if (rnd.nextInt(3) > 0) {
				assertThat(set.add(b(member))).isEqualTo(model.add(member));
			}
			else {
				assertThat(set.remove(b(member))).isEqualTo(model.remove(member));
			}
			assertThat(set.size()).isEqualTo(model.size());
		}
		assertMembers(set, model);
		assertMembers(set.copy(), model);
		for (int probe = 0; probe < 50; probe++) {
			String m = member(rnd, stringPercent);
			assertThat(set.contains(b(m))).isEqualTo(model.contains(m));
		}
		if (!model.isEmpty()) {
			assertThat(model).contains(s(set.randomMember(rnd)));
		}
		if (set.encoding().equals("intset")) {
			List<Long> ints = new ArrayList<>();
			set.forEach(m -> ints.add(Long.parseLong(s(m))));
			assertThat(ints).isSorted();
		}
		Set<String> scanned = new HashSet<>();
		long cursor = 0;
		do {
			cursor = set.scan(cursor, 1 + rnd.nextInt(8), m -> scanned.add(s(m)));
		}
		while (cursor != 0);
		assertThat(scanned).isEqualTo(model);
	}

	@Property(tries = 40)
	void algebraMatchesJavaSets(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int count,
			@ForAll @IntRange(min = 0, max = 300) int size, @ForAll @IntRange(min = 0, max = 100) int stringPercent) {
		Random rnd = new Random(seed);
		EncodingLimits limits = new EncodingLimits();
		List<SetValue> sets = new ArrayList<>();
		List<Set<String>> models = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			SetValue s = new SetValue(limits);
			Set<String> m = new HashSet<>();
			int n = rnd.nextInt(size + 1);
			for (int j = 0; j < n; j++) {
				String member = member(rnd, stringPercent);
				s.add(b(member));
				m.add(member);
			}
			sets.add(s);
			models.add(m);
		}
		Set<String> inter = new HashSet<>(models.get(0));
		Set<String> union = new HashSet<>();
		Set<String> diff = new HashSet<>(models.get(0));
		for (int i = 0; i < count; i++) {
			inter.retainAll(models.get(i));
			union.addAll(models.get(i));
			if (i > 0) {
				diff.removeAll(models.get(i));
			}
		}
		assertMembers(SetOps.intersect(limits, sets, 0), inter);
		assertMembers(SetOps.union(limits, sets), union);
		assertMembers(SetOps.difference(limits, sets), diff);
		int limit = 1 + rnd.nextInt(5);
		SetValue limited = SetOps.intersect(limits, sets, limit);
		assertThat(limited.size()).isEqualTo(Math.min(limit, inter.size()));
		assertThat(inter).containsAll(strings(limited));
	}

	private static void assertMembers(SetValue set, Set<String> model) {
		assertThat(set.size()).isEqualTo(model.size());
		assertThat(strings(set)).hasSize(model.size()).containsExactlyInAnyOrderElementsOf(model);
	}

	private static List<String> strings(SetValue set) {
		List<String> out = new ArrayList<>();
		set.forEach(m -> out.add(s(m)));
		return out;
	}

	private static String member(Random rnd, int stringPercent) {
		if (rnd.nextInt(100) < stringPercent) {
			return switch (rnd.nextInt(4)) {
				case 0 -> "00" + rnd.nextInt(50); // not canonical integers: strings
				case 1 -> "-0";
				default -> "m" + rnd.nextInt(200);
			};
		}
		return Long.toString(rnd.nextBoolean() ? rnd.nextInt(200) - 100 : rnd.nextLong());
	}

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static String s(byte[] b) {
		return new String(b, StandardCharsets.UTF_8);
	}

}
