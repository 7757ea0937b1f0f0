package io.cachalot.server.store.type;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import io.cachalot.server.store.type.StreamValue.Id;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams against a sorted set of IDs: appends, XDEL, XRANGE / XREVRANGE with COUNT, and
 * trimming — exact MAXLEN and MINID remove exactly what Redis's definition says, approximate
 * trimming removes only whole nodes, never below the requested length, and no node that
 * would pass its LIMIT.
 */
class StreamValuePropertyTest {

	private static final byte[][] FIELDS = { { 'f' }, { 'v' } };

	@Property(tries = 60)
	void appendsDeletesRangesAndTrims(@ForAll long seed, @ForAll @IntRange(min = 0, max = 1_500) int operations,
			@ForAll @IntRange(min = 0, max = 100) int deletePercent) {
		Random rnd = new Random(seed);
		StreamValue stream = new StreamValue();
		TreeSet<Id> model = new TreeSet<>();
		long ms = 1;
		long added = 0;
		for (int op = 0; op < operations; op++) {
			if (!model.isEmpty() && rnd.nextInt(100) < deletePercent / 4) {
				Id victim = pick(model, rnd);
				assertThat(stream.delete(victim)).isTrue();
				model.remove(victim);
				assertThat(stream.delete(victim)).isFalse();
			}
			else {
				ms += rnd.nextInt(3);
				Id id = new Id(ms, (model.isEmpty() || model.last().ms() != ms) ? 0 : model.last().seq() + 1);
				if (id.compareTo(stream.lastId()) <= 0) {
					id = stream.lastId().next();
				}
				stream.append(id, FIELDS);
				model.add(id);
				added++;
			}
			assertThat(stream.length()).isEqualTo(model.size());
		}
		assertThat(stream.entriesAdded()).isEqualTo(added);
		assertRange(stream, model, rnd);
		// approximate MAXLEN: whole nodes only, never below the requested length
		long maxLen = rnd.nextInt(model.size() + 1);
		long before = stream.length();
		long removed = stream.trim(maxLen, null, true, 0);
		assertThat(stream.length()).isEqualTo(before - removed).isGreaterThanOrEqualTo(Math.min(before, maxLen));
		for (int i = 0; i < removed; i++) {
			model.pollFirst();
		}
		assertRange(stream, model, rnd);
		// approximate MAXLEN with a LIMIT: whole nodes while the count stays within it
		long limit = 1 + rnd.nextInt(250);
		maxLen = rnd.nextInt(model.size() + 1);
		before = stream.length();
		removed = stream.trim(maxLen, null, true, limit);
		assertThat(removed).isLessThanOrEqualTo(limit);
		assertThat(stream.length()).isEqualTo(before - removed).isGreaterThanOrEqualTo(Math.min(before, maxLen));
		for (int i = 0; i < removed; i++) {
			model.pollFirst();
		}
		assertRange(stream, model, rnd);
		// exact MAXLEN
		maxLen = rnd.nextInt(model.size() + 1);
		long expected = Math.max(0, model.size() - maxLen);
		assertThat(stream.trim(maxLen, null, false, 0)).isEqualTo(expected);
		for (int i = 0; i < expected; i++) {
			model.pollFirst();
		}
		assertRange(stream, model, rnd);
		// exact MINID
		if (!model.isEmpty()) {
			Id minId = pick(model, rnd);
			long below = model.headSet(minId).size();
			assertThat(stream.trim(0, minId, false, 0)).isEqualTo(below);
			model.headSet(minId).clear();
			assertThat(stream.firstEntry().id()).isEqualTo(minId);
		}
		assertRange(stream, model, rnd);
	}

	private static void assertRange(StreamValue stream, TreeSet<Id> model, Random rnd) {
		assertThat(stream.length()).isEqualTo(model.size());
		assertThat(ids(stream.range(Id.MIN, Id.MAX, false, -1))).containsExactlyElementsOf(model);
		if (model.isEmpty()) {
			return;
		}
		Id a = pick(model, rnd);
		Id b = pick(model, rnd);
		Id lo = (a.compareTo(b) <= 0) ? a : b;
		Id hi = (a.compareTo(b) <= 0) ? b : a;
		int count = rnd.nextInt(10);
		List<Id> expected = new ArrayList<>(model.subSet(lo, true, hi, true));
		assertThat(ids(stream.range(lo, hi, false, count))).containsExactlyElementsOf(expected.subList(0, Math.min(count, expected.size())));
		List<Id> reversed = new ArrayList<>(model.subSet(lo, true, hi, true).descendingSet());
		assertThat(ids(stream.range(lo, hi, true, -1))).containsExactlyElementsOf(reversed);
		assertThat(stream.range(hi.next(), lo, false, -1)).isEmpty();
	}

	private static Id pick(TreeSet<Id> model, Random rnd) {
		int i = rnd.nextInt(model.size());
		for (Id id : model) {
			if (i-- == 0) {
				return id;
			}
		}
		throw new IllegalStateException();
	}

	private static List<Id> ids(List<StreamValue.Entry> entries) {
		return entries.stream().map(StreamValue.Entry::id).toList();
	}

}
