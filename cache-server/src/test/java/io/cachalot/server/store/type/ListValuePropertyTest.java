package io.cachalot.server.store.type;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quicklist against an {@link ArrayList} model: random pushes, pops, LSET, LINSERT,
 * LTRIM, LREM, LPOS, LRANGE and LINDEX under every kind of node fill (byte limits, element
 * counts, one element per node), with elements from empty to a few hundred bytes so varint
 * lengths of one and two bytes and nodes of very different counts all occur.
 */
class ListValuePropertyTest {

	@Property(tries = 60)
	void behavesLikeAnArrayList(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3_000) int operations,
			@ForAll @IntRange(min = -6, max = 6) int fill, @ForAll @IntRange(min = 0, max = 300) int maxElementLength) {
		EncodingLimits limits = new EncodingLimits();
		limits.listMaxListpackSize(fill);
		ListValue list = new ListValue(limits);
		List<String> model = new ArrayList<>();
		Random rnd = new Random(seed);
		for (int op = 0; op < operations; op++) {
			String e = element(rnd, maxElementLength);
			switch (rnd.nextInt(12)) {
				case 0, 1, 2 -> {
					list.pushLeft(b(e));
					model.add(0, e);
				}
				case 3, 4, 5 -> {
					list.pushRight(b(e));
					model.add(e);
				}
				case 6 -> assertThat(s(list.popLeft())).isEqualTo(model.isEmpty() ? null : model.remove(0));
				case 7 -> assertThat(s(list.popRight())).isEqualTo(model.isEmpty() ? null : model.remove(model.size() - 1));
				case 8 -> {
					if (!model.isEmpty()) {
						int i = rnd.nextInt(model.size());
						list.set(i, b(e));
						model.set(i, e);
					}
				}
				case 9 -> {
					int i = rnd.nextInt(model.size() + 1);
					list.insert(i, b(e));
					model.add(i, e);
				}
				case 10 -> {
					if (rnd.nextInt(10) == 0) {
						long start = rnd.nextInt(7) - 3;
						long end = model.size() - rnd.nextInt(7);
						list.trim(start, end);
						trim(model, start, end);
					}
				}
				default -> {
					if (!model.isEmpty()) {
						String victim = model.get(rnd.nextInt(model.size()));
						long count = rnd.nextInt(5) - 2;
						assertThat(list.remove(count, b(victim))).isEqualTo(remove(model, count, victim));
					}
				}
			}
			assertThat(list.size()).isEqualTo(model.size());
		}
		assertThat(list.range(0, -1)).extracting(ListValuePropertyTest::s).containsExactlyElementsOf(model);
		assertThat(list.copy().range(0, -1)).extracting(ListValuePropertyTest::s).containsExactlyElementsOf(model);
		for (int probe = 0; probe < 50 && !model.isEmpty(); probe++) {
			int i = rnd.nextInt(model.size());
			assertThat(s(list.get(i))).isEqualTo(model.get(i));
			int j = i + rnd.nextInt(20);
			assertThat(list.range(i, j)).extracting(ListValuePropertyTest::s)
				.containsExactlyElementsOf(model.subList(i, Math.min(j + 1, model.size())));
			String wanted = model.get(i);
			long rank = rnd.nextBoolean() ? 1 : -1;
			assertThat(list.positions(b(wanted), rank, 0, 0)).containsExactlyElementsOf(positions(model, wanted, rank));
		}
		while (!model.isEmpty()) {
			assertThat(s(list.popRight())).isEqualTo(model.remove(model.size() - 1));
		}
		assertThat(list.isEmpty()).isTrue();
		assertThat(list.popLeft()).isNull();
	}

	@Property(tries = 20)
	void lposHonoursRankCountAndMaxLen(@ForAll long seed, @ForAll @IntRange(min = -4, max = 4) int rank,
			@ForAll @IntRange(min = 0, max = 5) int count, @ForAll @LongRange(min = 0, max = 40) long maxLen) {
		if (rank == 0) {
			return;
		}
		Random rnd = new Random(seed);
		EncodingLimits limits = new EncodingLimits();
		limits.listMaxListpackSize(3);
		ListValue list = new ListValue(limits);
		List<String> model = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			String e = "e" + rnd.nextInt(4);
			list.pushRight(b(e));
			model.add(e);
		}
		List<Long> all = positions(model, "e1", rank > 0 ? 1 : -1);
		// the expected answer, from Redis's definition over the model
		List<Long> expected = new ArrayList<>();
		long skip = Math.abs(rank) - 1;
		for (int step = 0; step < model.size() && (count == 0 || expected.size() < count); step++) {
			if (maxLen > 0 && step >= maxLen) {
				break;
			}
			int i = (rank > 0) ? step : model.size() - 1 - step;
			if (model.get(i).equals("e1") && skip-- <= 0) {
				expected.add((long) i);
			}
		}
		assertThat(list.positions(b("e1"), rank, count, maxLen)).containsExactlyElementsOf(expected);
		assertThat(all).containsAll(expected);
	}

	private static String element(Random rnd, int maxLength) {
		int length = rnd.nextInt(maxLength + 1);
		char[] chars = new char[length];
		Arrays.fill(chars, (char) ('a' + rnd.nextInt(3)));
		return (length > 0) ? new String(chars) + rnd.nextInt(3) : "";
	}

	private static void trim(List<String> model, long start, long end) {
		int n = model.size();
		long s = (start < 0) ? Math.max(0, n + start) : start;
		long e = (end < 0) ? n + end : Math.min(end, n - 1L);
		List<String> kept = (s > e || s >= n) ? List.of() : new ArrayList<>(model.subList((int) s, (int) e + 1));
		model.clear();
		model.addAll(kept);
	}

	private static int remove(List<String> model, long count, String victim) {
		int removed = 0;
		long limit = (count == 0) ? Long.MAX_VALUE : Math.abs(count);
		if (count >= 0) {
			for (int i = 0; i < model.size() && removed < limit; ) {
				if (model.get(i).equals(victim)) {
					model.remove(i);
					removed++;
				}
				else {
					i++;
				}
			}
		}
		else {
			for (int i = model.size() - 1; i >= 0 && removed < limit; i--) {
				if (model.get(i).equals(victim)) {
					model.remove(i);
					removed++;
				}
			}
		}
		return removed;
	}

	private static List<Long> positions(List<String> model, String wanted, long direction) {
		List<Long> out = new ArrayList<>();
		for (int step = 0; step < model.size(); step++) {
			int i = (direction > 0) ? step : model.size() - 1 - step;
			if (model.get(i).equals(wanted)) {
				out.add((long) i);
			}
		}
		return out;
	}

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.US_ASCII);
	}

	private static String s(byte[] b) {
		return (b == null) ? null : new String(b, StandardCharsets.US_ASCII);
	}

}
