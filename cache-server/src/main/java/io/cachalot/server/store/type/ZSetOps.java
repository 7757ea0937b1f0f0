package io.cachalot.server.store.type;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ZUNION / ZINTER / ZDIFF over sorted sets and plain sets (a set member scores 1), with
 * weights and SUM / MIN / MAX aggregation, as Redis computes them (a NaN from inf * 0 or
 * inf - inf counts as 0).
 */
public final class ZSetOps {

	public enum Aggregate {

		SUM, MIN, MAX

	}

	private ZSetOps() {
	}

	/** The score of {@code member} in an input (a ZSetValue or a SetValue), or null. */
	private static Double scoreIn(TypedValue input, byte[] member) {
		if (input instanceof ZSetValue z) {
			return z.score(member);
		}
		return ((SetValue) input).contains(member) ? 1.0 : null;
	}

	private static int sizeOf(TypedValue input) {
		return (input instanceof ZSetValue z) ? z.size() : ((SetValue) input).size();
	}

	private interface EntryVisitor {

		void visit(byte[] member, double score);

	}

	private static void forEach(TypedValue input, EntryVisitor visitor) {
		if (input instanceof ZSetValue z) {
			z.entries().forEach(e -> visitor.visit(e.member(), e.score()));
		}
		else {
			((SetValue) input).forEach(m -> visitor.visit(m, 1.0));
		}
	}

	private static double weighted(double score, double weight) {
		double v = score * weight;
		return Double.isNaN(v) ? 0 : v;
	}

	private static double combine(double a, double b, Aggregate aggregate) {
		return switch (aggregate) {
			case SUM -> {
				double s = a + b;
				yield Double.isNaN(s) ? 0 : s;
			}
			case MIN -> Math.min(a, b);
			case MAX -> Math.max(a, b);
		};
	}

	/** Inputs may contain null for missing keys. */
	public static ZSetValue union(EncodingLimits limits, List<TypedValue> inputs, double[] weights, Aggregate aggregate) {
		Map<ByteBuffer, double[]> acc = new LinkedHashMap<>();
		Map<ByteBuffer, byte[]> members = new LinkedHashMap<>();
		for (int i = 0; i < inputs.size(); i++) {
			TypedValue input = inputs.get(i);
			if (input == null) {
				continue;
			}
			double w = weights[i];
			forEach(input, (member, score) -> {
				ByteBuffer k = ByteBuffer.wrap(member);
				double v = weighted(score, w);
				double[] cur = acc.get(k);
				if (cur == null) {
					acc.put(k, new double[] { v });
					members.put(k, member);
				}
				else {
					cur[0] = combine(cur[0], v, aggregate);
				}
			});
		}
		ZSetValue result = new ZSetValue(limits);
		acc.forEach((k, v) -> result.put(members.get(k), v[0]));
		return result;
	}

	public static ZSetValue intersect(EncodingLimits limits, List<TypedValue> inputs, double[] weights, Aggregate aggregate, long limit) {
		ZSetValue result = new ZSetValue(limits);
		if (inputs.isEmpty() || inputs.contains(null)) {
			return result;
		}
		int smallest = 0;
		for (int i = 1; i < inputs.size(); i++) {
			if (sizeOf(inputs.get(i)) < sizeOf(inputs.get(smallest))) {
				smallest = i;
			}
		}
		int base = smallest;
		forEach(inputs.get(base), (member, score) -> {
			if (limit > 0 && result.size() >= limit) {
				return;
			}
			double acc = weighted(score, weights[base]);
			for (int j = 0; j < inputs.size(); j++) {
				if (j == base) {
					continue;
				}
				Double other = scoreIn(inputs.get(j), member);
				if (other == null) {
					return;
				}
				acc = combine(acc, weighted(other, weights[j]), aggregate);
			}
			result.put(member, acc);
		});
		return result;
	}

	public static ZSetValue difference(EncodingLimits limits, List<TypedValue> inputs) {
		ZSetValue result = new ZSetValue(limits);
		if (inputs.isEmpty() || inputs.get(0) == null) {
			return result;
		}
		forEach(inputs.get(0), (member, score) -> {
			for (int j = 1; j < inputs.size(); j++) {
				if (inputs.get(j) != null && scoreIn(inputs.get(j), member) != null) {
					return;
				}
			}
			result.put(member, score);
		});
		return result;
	}

}
