package io.cachalot.server.store.type;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SetValueTest {

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static List<String> members(SetValue set) {
		List<String> out = new ArrayList<>();
		set.forEach(m -> out.add(new String(m, StandardCharsets.UTF_8)));
		return out;
	}

	@Test
	void integerSetsStaySortedIntsets() {
		SetValue set = new SetValue();
		for (String m : new String[] { "10", "-3", "7", "10", "0" }) {
			set.add(b(m));
		}
		assertThat(set.encoding()).isEqualTo("intset");
		assertThat(members(set)).containsExactly("-3", "0", "7", "10");
		assertThat(set.contains(b("7"))).isTrue();
		assertThat(set.contains(b("07"))).isFalse();
		assertThat(set.remove(b("0"))).isTrue();
		assertThat(members(set)).containsExactly("-3", "7", "10");
	}

	@Test
	void nonIntegersAndLargeSetsConvertToHashtable() {
		SetValue set = new SetValue();
		set.add(b("1"));
		set.add(b("a"));
		assertThat(set.encoding()).isEqualTo("hashtable");
		assertThat(new HashSet<>(members(set))).containsExactlyInAnyOrder("1", "a");
		SetValue big = new SetValue();
		for (int i = 0; i <= EncodingLimits.DEFAULTS.setIntsetEntries(); i++) {
			big.add(b(Integer.toString(i)));
		}
		assertThat(big.encoding()).isEqualTo("hashtable");
		assertThat(big.size()).isEqualTo(EncodingLimits.DEFAULTS.setIntsetEntries() + 1);
		assertThat(big.contains(b("512"))).isTrue();
	}

	@Test
	void algebraMatchesJavaSets() {
		Random rnd = new Random(3);
		List<SetValue> sets = new ArrayList<>();
		List<Set<String>> models = new ArrayList<>();
		for (int k = 0; k < 3; k++) {
			SetValue s = new SetValue();
			Set<String> m = new HashSet<>();
			for (int i = 0; i < 200; i++) {
				String member = (rnd.nextBoolean() ? "" : "m") + rnd.nextInt(150);
				s.add(b(member));
				m.add(member);
			}
			sets.add(s);
			models.add(m);
		}
		Set<String> inter = new HashSet<>(models.get(0));
		inter.retainAll(models.get(1));
		inter.retainAll(models.get(2));
		assertThat(new HashSet<>(members(SetOps.intersect(EncodingLimits.DEFAULTS, sets, 0)))).isEqualTo(inter);
		assertThat(SetOps.intersect(EncodingLimits.DEFAULTS, sets, 3).size()).isEqualTo(Math.min(3, inter.size()));
		Set<String> union = new HashSet<>(models.get(0));
		union.addAll(models.get(1));
		union.addAll(models.get(2));
		assertThat(new HashSet<>(members(SetOps.union(EncodingLimits.DEFAULTS, sets)))).isEqualTo(union);
		Set<String> diff = new HashSet<>(models.get(0));
		diff.removeAll(models.get(1));
		diff.removeAll(models.get(2));
		assertThat(new HashSet<>(members(SetOps.difference(EncodingLimits.DEFAULTS, sets)))).isEqualTo(diff);
		List<SetValue> withMissing = new ArrayList<>(sets);
		withMissing.add(null);
		assertThat(SetOps.intersect(EncodingLimits.DEFAULTS, withMissing, 0).isEmpty()).isTrue();
		assertThat(SetOps.union(EncodingLimits.DEFAULTS, withMissing).size()).isEqualTo(union.size());
	}

}
