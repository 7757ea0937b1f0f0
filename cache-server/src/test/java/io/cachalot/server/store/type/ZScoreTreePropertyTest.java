package io.cachalot.server.store.type;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import io.cachalot.server.store.type.ZScoreTree.Cursor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counted B+tree against a {@link TreeSet} model: random inserts and deletes (with many
 * equal scores, so member order matters), deep enough to split and merge inner pages, then
 * order both ways, rank, select and the monotone searches all agree with the model.
 */
class ZScoreTreePropertyTest {

	private record Key(double score, byte[] member) {
	}

	private static final Comparator<Key> ORDER = (a, b) -> ZScoreTree.compare(a.score, a.member, b.score, b.member);

	@Property(tries = 40)
	void agreesWithASortedModel(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12_000) int operations,
			@ForAll @IntRange(min = 1, max = 40) int distinctScores, @ForAll @IntRange(min = 0, max = 90) int deletePercent) {
		Random rnd = new Random(seed);
		ZScoreTree tree = new ZScoreTree();
		TreeSet<Key> model = new TreeSet<>(ORDER);
		List<Key> present = new ArrayList<>();
		for (int op = 0; op < operations; op++) {
			if (!present.isEmpty() && rnd.nextInt(100) < deletePercent) {
				Key k = present.remove(rnd.nextInt(present.size()));
				// a fresh copy of the member bytes: the tree must compare contents, not identity
				assertThat(tree.delete(k.score, k.member.clone())).isTrue();
				model.remove(k);
			}
			else {
				Key k = new Key(rnd.nextInt(distinctScores) - distinctScores / 2.0,
						("m" + rnd.nextInt(1_000_000)).getBytes(StandardCharsets.US_ASCII));
				if (model.add(k)) {
					tree.insert(k.score, k.member);
					present.add(k);
				}
			}
		}
		assertThat(tree.delete(0.5, "absent".getBytes(StandardCharsets.US_ASCII))).isFalse();
		assertMatches(tree, model, rnd);
		// drain to empty: merges all the way back to a single leaf
		for (Key k : present) {
			assertThat(tree.delete(k.score, k.member)).isTrue();
			model.remove(k);
		}
		assertMatches(tree, model, rnd);
	}

	private static void assertMatches(ZScoreTree tree, TreeSet<Key> model, Random rnd) {
		assertThat(tree.size()).isEqualTo(model.size());
		List<Key> expected = new ArrayList<>(model);
		List<Key> forward = new ArrayList<>();
		Cursor c = tree.first();
		if (c != null) {
			do {
				forward.add(new Key(c.score(), c.member()));
			}
			while (c.next());
		}
		assertThat(forward).usingElementComparator(ORDER).containsExactlyElementsOf(expected);
		List<Key> backward = new ArrayList<>();
		c = tree.last();
		if (c != null) {
			do {
				backward.add(0, new Key(c.score(), c.member()));
			}
			while (c.prev());
		}
		assertThat(backward).usingElementComparator(ORDER).containsExactlyElementsOf(expected);
		for (int probe = 0; probe < 200 && !expected.isEmpty(); probe++) {
			int i = rnd.nextInt(expected.size());
			Key k = expected.get(i);
			assertThat(tree.rank(k.score, k.member)).isEqualTo(i);
			Cursor at = tree.select(i);
			assertThat(ORDER.compare(new Key(at.score(), at.member()), k)).isZero();
			double bound = k.score + (rnd.nextBoolean() ? 0 : 0.5);
			Key firstAtLeast = model.ceiling(new Key(bound, new byte[0]));
			Cursor found = tree.firstWhere((s, m) -> s >= bound);
			assertThat(found == null ? null : found.score()).isEqualTo(firstAtLeast == null ? null : firstAtLeast.score);
			if (found != null) {
				assertThat(tree.rankOf(found)).isEqualTo(expected.indexOf(firstAtLeast));
			}
			Key lastAtMost = model.floor(new Key(bound, "\u00ff\u00ff\u00ff".getBytes(StandardCharsets.ISO_8859_1)));
			Cursor lastFound = tree.lastWhere((s, m) -> s <= bound);
			assertThat(lastFound == null ? null : lastFound.score())
				.isEqualTo(lastAtMost == null ? null : lastAtMost.score);
			if (lastFound != null) {
				assertThat(tree.rankOf(lastFound)).isEqualTo(expected.indexOf(lastAtMost));
			}
		}
		assertThat(tree.select(-1)).isNull();
		assertThat(tree.select(model.size())).isNull();
	}

}
