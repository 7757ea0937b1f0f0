package io.cachalot.server.protocol.memcached;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The memcached text and meta protocol's commands, declared once: the name a request line
 * starts with, how the decoder frames it (a storage command is followed by a data block whose
 * length its line gives, at {@code lengthToken}) and the longest line it may send.
 * {@code io.cachalot.server.memcached.McExecutor} runs them, in one switch.
 */
public enum McCommand {

	GET("get", -1, true), GETS("gets", -1, true), GAT("gat", -1, true), GATS("gats", -1, true),
	SET("set", 4, false), ADD("add", 4, false), REPLACE("replace", 4, false), APPEND("append", 4, false),
	PREPEND("prepend", 4, false), CAS("cas", 4, false),
	DELETE("delete", -1, false), INCR("incr", -1, false), DECR("decr", -1, false), TOUCH("touch", -1, false),
	FLUSH_ALL("flush_all", -1, false), VERSION("version", -1, false), VERBOSITY("verbosity", -1, false),
	STATS("stats", -1, false), QUIT("quit", -1, false), SHUTDOWN("shutdown", -1, false),
	CACHE_MEMLIMIT("cache_memlimit", -1, false),
	META_GET("mg", -1, true), META_SET("ms", 2, false), META_DELETE("md", -1, false),
	META_ARITHMETIC("ma", -1, false), META_NOOP("mn", -1, false), META_DEBUG("me", -1, false);

	/** Memcached closes a connection whose line grows past this without a newline... */
	static final int MAX_LINE = 2048;

	/** ...except for retrievals, whose key lists may be long. */
	static final int MAX_RETRIEVAL_LINE = 64 * 1024;

	private static final Map<String, McCommand> BY_NAME = new HashMap<>();

	static {
		for (McCommand c : values()) {
			BY_NAME.put(c.wireName, c);
		}
	}

	private final String wireName;

	private final int lengthToken;

	private final boolean retrieval;

	McCommand(String wireName, int lengthToken, boolean retrieval) {
		this.wireName = wireName;
		this.lengthToken = lengthToken;
		this.retrieval = retrieval;
	}

	public String wireName() {
		return this.wireName;
	}

	/** Whether a data block follows the line. */
	public boolean hasData() {
		return this.lengthToken > 0;
	}

	/** The token (0 = the command) that gives the data block's length. */
	int lengthToken() {
		return this.lengthToken;
	}

	/** A retrieval: its line may be long (many keys). */
	boolean retrieval() {
		return this.retrieval;
	}

	/** The command a line starts with (case matters, as in memcached), or null. */
	static McCommand named(byte[] token) {
		return BY_NAME.get(new String(token, StandardCharsets.US_ASCII));
	}

}
