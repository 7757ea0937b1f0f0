package io.cachalot.server.command;

import java.util.ArrayList;
import java.util.List;

/**
 * One key specification of a command, as Redis 7 declares them (COMMAND INFO's key specs):
 * how to find where keys begin (an index, after a keyword, or unknown) and how to find the
 * keys from there (a range, a count argument, or unknown), with the access flags that apply
 * to those keys (RO, RW, OW, RM, access, update, insert, delete ...).
 *
 * <p>Written in {@code commands.txt} as {@code FLAGS@BEGIN/FIND}; see that file's header.
 */
public record KeySpec(List<String> flags, Begin begin, Find find) {

	/** Where the search for keys begins. */
	public sealed interface Begin permits Index, Keyword, Unknown {
	}

	/** How keys are found from the beginning. */
	public sealed interface Find permits Range, KeyNum, Unknown {
	}

	/** Keys begin at a fixed argument index. */
	public record Index(int index) implements Begin {
	}

	/** Keys begin after {@code keyword}, searched from {@code startFrom} (negative: from the end). */
	public record Keyword(String keyword, int startFrom) implements Begin {
	}

	/** Keys run to {@code lastKey} (relative to the begin; -1 the last argument) every {@code step}. */
	public record Range(int lastKey, int step, int limit) implements Find {
	}

	/** The number of keys is at {@code keyNumIndex}, keys start at {@code firstKey}, every {@code step}. */
	public record KeyNum(int keyNumIndex, int firstKey, int step) implements Find {
	}

	/** Not derivable from the arguments alone. */
	public enum Unknown implements Begin, Find {

		INSTANCE

	}

	/** Parses the {@code commands.txt} notation: {@code -} or specs separated by {@code ;}. */
	static List<KeySpec> parseAll(String text) {
		List<KeySpec> out = new ArrayList<>();
		if (text.equals("-")) {
			return out;
		}
		for (String spec : text.split(";")) {
			int at = spec.indexOf('@');
			int slash = spec.indexOf('/', at);
			String flags = spec.substring(0, at);
			out.add(new KeySpec(flags.equals("-") ? List.of() : List.of(flags.split(",")),
					parseBegin(spec.substring(at + 1, slash)), parseFind(spec.substring(slash + 1))));
		}
		return out;
	}

	private static Begin parseBegin(String s) {
		return switch (s.charAt(0)) {
			case 'i' -> new Index(Integer.parseInt(s.substring(1)));
			case 'k' -> {
				int colon = s.lastIndexOf(':');
				yield new Keyword(s.substring(1, colon), Integer.parseInt(s.substring(colon + 1)));
			}
			case 'u' -> Unknown.INSTANCE;
			default -> throw new IllegalArgumentException("bad key spec begin: " + s);
		};
	}

	private static Find parseFind(String s) {
		if (s.equals("u")) {
			return Unknown.INSTANCE;
		}
		String[] n = s.substring(1).split(":");
		return switch (s.charAt(0)) {
			case 'r' -> new Range(Integer.parseInt(n[0]), Integer.parseInt(n[1]), Integer.parseInt(n[2]));
			case 'n' -> new KeyNum(Integer.parseInt(n[0]), Integer.parseInt(n[1]), Integer.parseInt(n[2]));
			default -> throw new IllegalArgumentException("bad key spec find: " + s);
		};
	}

}
