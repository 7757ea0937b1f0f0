package io.cachalot.server.command.tracking;

/** A connection that can receive client-side-caching messages, written on its own event loop. */
public interface InvalidationTarget {

	/** {@code invalidate} with these keys, or with null (everything: a flush). */
	void invalidate(byte[][] keys);

	/** {@code tracking-redir-broken} with the id of the redirect target that went away. */
	void redirectBroken(long targetId);

}
