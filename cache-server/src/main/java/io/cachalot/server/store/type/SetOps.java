package io.cachalot.server.store.type;

import java.util.List;

/**
 * Set algebra over {@link SetValue}s for SINTER / SUNION / SDIFF and their STORE forms.
 * Missing keys arrive as null: empty for union and difference, and an empty intersection.
 */
public final class SetOps {

	private SetOps() {
	}

	public static SetValue intersect(EncodingLimits limits, List<SetValue> sets, long limit) {
		SetValue result = new SetValue(limits);
		if (sets.isEmpty() || sets.contains(null)) {
			return result;
		}
		SetValue smallest = sets.get(0);
		for (SetValue s : sets) {
			if (s.size() < smallest.size()) {
				smallest = s;
			}
		}
		SetValue base = smallest;
		base.forEach(member -> {
			if (limit > 0 && result.size() >= limit) {
				return;
			}
			for (SetValue other : sets) {
				if (other != base && !other.contains(member)) {
					return;
				}
			}
			result.add(member);
		});
		return result;
	}

	public static SetValue union(EncodingLimits limits, List<SetValue> sets) {
		SetValue result = new SetValue(limits);
		for (SetValue s : sets) {
			if (s != null) {
				s.forEach(result::add);
			}
		}
		return result;
	}

	public static SetValue difference(EncodingLimits limits, List<SetValue> sets) {
		SetValue result = new SetValue(limits);
		if (sets.isEmpty() || sets.get(0) == null) {
			return result;
		}
		sets.get(0).forEach(member -> {
			for (int i = 1; i < sets.size(); i++) {
				SetValue other = sets.get(i);
				if (other != null && other.contains(member)) {
					return;
				}
			}
			result.add(member);
		});
		return result;
	}

}
