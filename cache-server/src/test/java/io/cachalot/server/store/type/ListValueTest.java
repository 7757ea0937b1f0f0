package io.cachalot.server.store.type;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ListValueTest {

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static List<String> all(ListValue l) {
		List<String> out = new ArrayList<>();
		l.range(0, -1).forEach(e -> out.add(new String(e, StandardCharsets.UTF_8)));
		return out;
	}

	private static ListValue of(String... elements) {
		ListValue l = new ListValue();
		for (String e : elements) {
			l.pushRight(b(e));
		}
		return l;
	}

	@Test
	void behavesLikeADequeAcrossWrapAround() {
		ListValue l = new ListValue();
		LinkedList<String> model = new LinkedList<>();
		Random rnd = new Random(11);
		for (int op = 0; op < 50_000; op++) {
			String e = "e" + op;
			switch (rnd.nextInt(4)) {
				case 0 -> {
					l.pushLeft(b(e));
					model.addFirst(e);
				}
				case 1 -> {
					l.pushRight(b(e));
					model.addLast(e);
				}
				case 2 -> {
					byte[] got = l.popLeft();
					String want = model.pollFirst();
					assertThat((got == null) ? null : new String(got, StandardCharsets.UTF_8)).isEqualTo(want);
				}
				default -> {
					byte[] got = l.popRight();
					String want = model.pollLast();
					assertThat((got == null) ? null : new String(got, StandardCharsets.UTF_8)).isEqualTo(want);
				}
			}
		}
		assertThat(all(l)).isEqualTo(model);
	}

	@Test
	void rangeTrimAndIndexFollowRedisRules() {
		ListValue l = of("a", "b", "c", "d", "e");
		assertThat(all(of())).isEmpty();
		assertThat(l.range(-2, -1)).hasSize(2);
		assertThat(l.range(3, 1)).isEmpty();
		assertThat(l.range(-100, 100)).hasSize(5);
		assertThat(l.position(-1)).isEqualTo(4);
		assertThat(l.position(5)).isEqualTo(-1);
		l.trim(1, -2);
		assertThat(all(l)).containsExactly("b", "c", "d");
		l.trim(5, 10);
		assertThat(l.isEmpty()).isTrue();
	}

	@Test
	void insertRemoveAndPositions() {
		ListValue l = of("a", "b", "a", "c", "a");
		assertThat(l.insertNear(b("c"), b("x"), false)).isEqualTo(6);
		assertThat(all(l)).containsExactly("a", "b", "a", "x", "c", "a");
		assertThat(l.insertNear(b("zz"), b("y"), true)).isEqualTo(-1);
		assertThat(l.positions(b("a"), 1, 0, 0)).containsExactly(0L, 2L, 5L);
		assertThat(l.positions(b("a"), -1, 2, 0)).containsExactly(5L, 2L);
		assertThat(l.positions(b("a"), 2, 1, 0)).containsExactly(2L);
		assertThat(l.positions(b("a"), 1, 0, 2)).containsExactly(0L);
		assertThat(l.remove(-2, b("a"))).isEqualTo(2);
		assertThat(all(l)).containsExactly("a", "b", "x", "c");
		assertThat(l.remove(0, b("nope"))).isZero();
	}

}
