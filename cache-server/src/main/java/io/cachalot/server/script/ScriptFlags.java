package io.cachalot.server.script;

import java.util.ArrayList;
import java.util.List;

/**
 * The flags a script declares in its {@code #!lua flags=...} shebang or a function in
 * {@code redis.register_function{flags=...}}: {@code no-writes}, {@code allow-oom},
 * {@code allow-stale}, {@code no-cluster}, {@code allow-cross-slot-keys}.
 */
public record ScriptFlags(boolean noWrites, boolean allowOom, boolean allowStale, boolean noCluster,
		boolean allowCrossSlotKeys) {

	/** An EVAL script without a shebang. */
	public static final ScriptFlags NONE = new ScriptFlags(false, false, false, false, false);

	static final List<String> NAMES = List.of("no-writes", "allow-oom", "allow-stale", "no-cluster",
			"allow-cross-slot-keys");

	/** Parses flag names; throws IllegalArgumentException naming the first unknown one. */
	static ScriptFlags of(List<String> names) {
		boolean[] set = new boolean[NAMES.size()];
		for (String name : names) {
			int i = NAMES.indexOf(name);
			if (i < 0) {
				throw new IllegalArgumentException(name);
			}
			set[i] = true;
		}
		return new ScriptFlags(set[0], set[1], set[2], set[3], set[4]);
	}

	/** The names of the flags that are set, in declaration order (FUNCTION LIST). */
	public List<String> names() {
		List<String> out = new ArrayList<>();
		boolean[] set = { this.noWrites, this.allowOom, this.allowStale, this.noCluster, this.allowCrossSlotKeys };
		for (int i = 0; i < set.length; i++) {
			if (set[i]) {
				out.add(NAMES.get(i));
			}
		}
		return out;
	}

}
