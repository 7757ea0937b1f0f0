package io.cachalot.server.store.type;

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

class HashValueTest {

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static String s(byte[] b) {
		return new String(b, StandardCharsets.UTF_8);
	}

	@Test
	void smallHashesKeepInsertionOrderAndDeleteInPlace() {
		HashValue h = new HashValue();
		assertThat(h.put(b("b"), b("1"))).isTrue();
		assertThat(h.put(b("a"), b("2"))).isTrue();
		assertThat(h.put(b("c"), b("3"))).isTrue();
		assertThat(h.put(b("a"), b("22"))).isFalse();
		assertThat(h.remove(b("b"))).isTrue();
		assertThat(h.remove(b("zz"))).isFalse();
		List<String> order = new ArrayList<>();
		h.forEach((f, v) -> order.add(s(f) + "=" + s(v)));
		assertThat(order).containsExactly("a=22", "c=3");
		assertThat(h.encoding()).isEqualTo("listpack");
	}

	@Test
	void convertsToHashtableAtRedisThresholds() {
		HashValue many = new HashValue();
		for (int i = 0; i < EncodingLimits.DEFAULTS.hashEntries(); i++) {
			many.put(b("f" + i), b("v"));
		}
		assertThat(many.encoding()).isEqualTo("listpack");
		many.put(b("one-more"), b("v"));
		assertThat(many.encoding()).isEqualTo("hashtable");
		assertThat(many.size()).isEqualTo(EncodingLimits.DEFAULTS.hashEntries() + 1);
		HashValue longValue = new HashValue();
		longValue.put(b("f"), b("x".repeat(EncodingLimits.DEFAULTS.hashValue() + 1)));
		assertThat(longValue.encoding()).isEqualTo("hashtable");
	}

	@Test
	void behavesLikeAMapInBothEncodingsAndTracksMemory() {
		HashValue h = new HashValue();
		Map<String, String> model = new HashMap<>();
		Random rnd = new Random(7);
		for (int op = 0; op < 20_000; op++) {
			String f = "field" + rnd.nextInt(400);
			if (rnd.nextInt(3) > 0) {
				String v = "v" + rnd.nextInt(1000);
				assertThat(h.put(b(f), b(v))).isEqualTo(model.put(f, v) == null);
			}
			else {
				assertThat(h.remove(b(f))).isEqualTo(model.remove(f) != null);
			}
			assertThat(h.size()).isEqualTo(model.size());
		}
		model.forEach((f, v) -> assertThat(s(h.get(b(f)))).isEqualTo(v));
		assertThat(h.memoryUsage()).isGreaterThan(model.size() * 32L);
		HashValue copy = h.copy();
		copy.put(b("only-in-copy"), b("x"));
		assertThat(h.contains(b("only-in-copy"))).isFalse();
	}

	@Test
	void scanOfALargeHashReturnsEveryFieldAcrossCalls() {
		HashValue h = new HashValue();
		for (int i = 0; i < 1_000; i++) {
			h.put(b("f" + i), b("v" + i));
		}
		Set<String> seen = new HashSet<>();
		long cursor = 0;
		int calls = 0;
		do {
			cursor = h.scan(cursor, 10, (f, v) -> seen.add(s(f)));
			calls++;
		}
		while (cursor != 0);
		assertThat(seen).hasSize(1_000);
		assertThat(calls).isGreaterThan(10);
	}

}
