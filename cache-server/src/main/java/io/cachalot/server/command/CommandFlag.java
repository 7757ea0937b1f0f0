package io.cachalot.server.command;

/** Command flags with the names COMMAND INFO reports. */
public enum CommandFlag {

	WRITE, READONLY, DENYOOM, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_MONITOR, SKIP_SLOWLOG,
	FAST, NO_AUTH, MAY_REPLICATE, NO_MANDATORY_KEYS, NO_MULTI, MOVABLEKEYS, ALLOW_BUSY, NO_ASYNC_LOADING;

	public String redisName() {
		return name().toLowerCase();
	}

	public static CommandFlag byName(String name) {
		return valueOf(name.toUpperCase());
	}

}
