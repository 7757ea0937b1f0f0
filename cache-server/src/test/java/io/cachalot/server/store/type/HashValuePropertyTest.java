package io.cachalot.server.store.type;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hashes against a {@link HashMap} model, across the listpack-to-hashtable conversion (small
 * limits, values that cross the length limit, field names of both varint length sizes), with
 * per-field expiry: fields whose time passed are purged and nothing else is.
 */
class HashValuePropertyTest {

	@Property(tries = 60)
	void behavesLikeAMap(@ForAll long seed, @ForAll @IntRange(min = 1, max = 2_000) int operations,
			@ForAll @IntRange(min = 0, max = 20) int maxEntries, @ForAll @IntRange(min = 1, max = 200) int maxValue,
			@ForAll @IntRange(min = 1, max = 400) int fieldPool) {
		EncodingLimits limits = new EncodingLimits();
		limits.hashEntries(maxEntries);
		limits.hashValue(maxValue);
		HashValue hash = new HashValue(limits);
		Map<String, String> model = new HashMap<>();
		Map<String, Long> expiry = new HashMap<>();
		Random rnd = new Random(seed);
		long now = 1_000;
		for (int op = 0; op < operations; op++) {
			String field = field(rnd, fieldPool);
			switch (rnd.nextInt(6)) {
				case 0, 1, 2 -> {
					String value = "v".repeat(rnd.nextInt(2 * maxValue)) + op;
					assertThat(hash.put(b(field), b(value))).isEqualTo(!model.containsKey(field));
					model.put(field, value);
					expiry.remove(field);
				}
				case 3 -> {
					assertThat(hash.remove(b(field))).isEqualTo(model.remove(field) != null);
					expiry.remove(field);
				}
				case 4 -> {
					if (model.containsKey(field)) {
						long at = now + 1 + rnd.nextInt(50);
						hash.fieldExpireAt(b(field), at);
						expiry.put(field, at);
					}
				}
				default -> {
					now += rnd.nextInt(20);
					int purged = hash.purgeExpiredFields(now);
					int expected = 0;
					for (var it = expiry.entrySet().iterator(); it.hasNext();) {
						var e = it.next();
						if (e.getValue() <= now) {
							model.remove(e.getKey());
							it.remove();
							expected++;
						}
					}
					assertThat(purged).isEqualTo(expected);
				}
			}
			assertThat(hash.size()).isEqualTo(model.size());
		}
		assertSame(hash, model);
		assertSame(hash.copy(), model);
		for (String field : model.keySet()) {
			assertThat(hash.fieldExpireAt(b(field))).isEqualTo(expiry.getOrDefault(field, 0L));
		}
		if (!model.isEmpty()) {
			assertThat(model).containsKey(s(hash.randomField(rnd)));
		}
		// a scan from cursor 0 to 0 sees every field at least once
		Set<String> scanned = new HashSet<>();
		long cursor = 0;
		do {
			cursor = hash.scan(cursor, 1 + rnd.nextInt(10), (f, v) -> scanned.add(s(f)));
		}
		while (cursor != 0);
		assertThat(scanned).isEqualTo(model.keySet());
		String expectedEncoding = (model.size() > maxEntries || model.values().stream().anyMatch(v -> v.length() > maxValue))
				? "hashtable" : null;
		if (expectedEncoding != null) {
			assertThat(hash.encoding()).isEqualTo("hashtable");
		}
	}

	private static void assertSame(HashValue hash, Map<String, String> model) {
		Map<String, String> seen = new HashMap<>();
		hash.forEach((f, v) -> assertThat(seen.put(s(f), s(v))).isNull());
		assertThat(seen).isEqualTo(model);
		for (Map.Entry<String, String> e : model.entrySet()) {
			assertThat(s(hash.get(b(e.getKey())))).isEqualTo(e.getValue());
			assertThat(hash.contains(b(e.getKey()))).isTrue();
		}
		assertThat(hash.get(b("absent-field"))).isNull();
		List<byte[]> fields = hash.fields();
		assertThat(fields).hasSize(model.size());
	}

	private static String field(Random rnd, int pool) {
		int n = rnd.nextInt(pool);
		// some fields longer than 127 bytes: two-byte length prefixes in packed entries
		return (n % 7 == 0) ? "long-field-".repeat(13) + n : "f" + n;
	}

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static String s(byte[] b) {
		return (b == null) ? null : new String(b, StandardCharsets.UTF_8);
	}

}
