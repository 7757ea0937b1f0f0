package io.cachalot.server.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The count rules of HRANDFIELD, SRANDMEMBER and ZRANDMEMBER: a positive count picks that
 * many distinct elements (at most all of them), a negative count picks |count| elements that
 * may repeat.
 */
public final class RandomSelection {

	private RandomSelection() {
	}

	/**
	 * @param all every element, for distinct picks
	 * @param one one random element, for picks that may repeat
	 */
	public static <T> List<T> pick(long count, Supplier<List<T>> all, Function<ThreadLocalRandom, T> one) {
		List<T> picked = new ArrayList<>();
		ThreadLocalRandom rnd = ThreadLocalRandom.current();
		if (count < 0) {
			for (long i = 0; i < -count; i++) {
				picked.add(one.apply(rnd));
			}
		}
		else if (count > 0) {
			List<T> elements = new ArrayList<>(all.get());
			Collections.shuffle(elements, rnd);
			picked.addAll(elements.subList(0, (int) Math.min(count, elements.size())));
		}
		return picked;
	}

}
