package io.cachalot.server.protocol.resp;

/**
 * Where a handler writes its reply. Handlers describe the reply's shape (map, set, double,
 * null ...) and the implementation picks the encoding for the client's protocol: RESP3
 * types, or their RESP2 equivalents (a map becomes a flat array, a double a bulk string).
 * Implementations: {@link RespWriter} for the network; later a collector for scripts.
 */
public interface Reply {

	/** 2 or 3. */
	int protocol();

	void ok();

	void simple(String text);

	/** An error reply; {@code text} starts with its code, e.g. {@code "ERR syntax error"}. */
	void error(String text);

	void integer(long value);

	void bulk(byte[] value);

	void bulk(String value);

	/** The null of a missing single value ({@code $-1} / {@code _}). */
	void nullBulk();

	/** The null of a missing aggregate ({@code *-1} / {@code _}). */
	void nullArray();

	void array(int length);

	void map(int entries);

	void set(int length);

	void push(int length);

	void doubleValue(double value);

	void bool(boolean value);

	void bigNumber(String digits);

	/** Text for humans (INFO, CLIENT LIST): verbatim string in RESP3, bulk in RESP2. */
	void verbatim(String text);

}
