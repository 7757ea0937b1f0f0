package io.cachalot.server.command.notify;

/**
 * {@code notify-keyspace-events}: Redis's class characters parsed into a bit set and printed
 * back as Redis prints them ({@code KEA} reads back as {@code AKE}).
 */
public final class NotifyFlags {

	static final int GENERIC = 1, STRING = 1 << 1, LIST = 1 << 2, SET = 1 << 3, HASH = 1 << 4, ZSET = 1 << 5,
			EXPIRED = 1 << 6, EVICTED = 1 << 7, STREAM = 1 << 8, MODULE = 1 << 9, NEW = 1 << 10, KEYSPACE = 1 << 11,
			KEYEVENT = 1 << 12, KEY_MISS = 1 << 13;

	static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

	private NotifyFlags() {
	}

	/** The bits of a flags string; IllegalArgumentException with Redis's message on a bad character. */
	public static int parse(String text) {
		int flags = 0;
		for (char c : text.toCharArray()) {
			flags |= switch (c) {
				case 'A' -> ALL;
				case 'g' -> GENERIC;
				case '$' -> STRING;
				case 'l' -> LIST;
				case 's' -> SET;
				case 'h' -> HASH;
				case 'z' -> ZSET;
				case 'x' -> EXPIRED;
				case 'e' -> EVICTED;
				case 't' -> STREAM;
				case 'd' -> MODULE;
				case 'n' -> NEW;
				case 'K' -> KEYSPACE;
				case 'E' -> KEYEVENT;
				case 'm' -> KEY_MISS;
				default -> throw new IllegalArgumentException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
			};
		}
		return flags;
	}

	/** Redis's {@code keyspaceEventsFlagsToString}. */
	public static String format(int flags) {
		StringBuilder sb = new StringBuilder();
		if ((flags & ALL) == ALL) {
			// Redis prints no 'n' after 'A' (and so forgets it on CONFIG REWRITE); kept here
			sb.append('A');
			if ((flags & NEW) != 0) {
				sb.append('n');
			}
		}
		else {
			String chars = "g$lshzxetdn";
			int[] bits = { GENERIC, STRING, LIST, SET, HASH, ZSET, EXPIRED, EVICTED, STREAM, MODULE, NEW };
			for (int i = 0; i < bits.length; i++) {
				if ((flags & bits[i]) != 0) {
					sb.append(chars.charAt(i));
				}
			}
		}
		if ((flags & KEYSPACE) != 0) {
			sb.append('K');
		}
		if ((flags & KEYEVENT) != 0) {
			sb.append('E');
		}
		if ((flags & KEY_MISS) != 0) {
			sb.append('m');
		}
		return sb.toString();
	}

	/** The class bit of a class character used in the event table. */
	static int classOf(char c) {
		return parse(String.valueOf(c));
	}

}
