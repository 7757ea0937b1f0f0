package io.cachalot.server.command.tracking;

import java.util.List;

/**
 * One connection's CLIENT TRACKING settings: on or off, where invalidations go (itself, or
 * the client it redirects to), BCAST with its prefixes, OPTIN / OPTOUT with the one-shot
 * CLIENT CACHING answer, NOLOOP, and whether the redirect target has gone. Written by the
 * connection's own thread, read by any thread that invalidates.
 */
public final class TrackingState {

	volatile boolean enabled;

	volatile long redirect;

	volatile boolean bcast;

	volatile boolean optin;

	volatile boolean optout;

	volatile boolean noloop;

	volatile boolean redirectBroken;

	volatile List<byte[]> prefixes = List.of();

	/** CLIENT CACHING YES (true) / NO (false) for the next command, or null. */
	Boolean caching;

	/** The caching answer of the command running now (set when it starts, read by the dispatcher). */
	Boolean cachingForCurrent;

	public boolean enabled() {
		return this.enabled;
	}

	public long redirectId() {
		return this.redirect;
	}

	public boolean isBroadcast() {
		return this.bcast;
	}

	public boolean isRedirectBroken() {
		return this.redirectBroken;
	}

	/**
	 * A command starts. CLIENT CACHING's answer applies to it; as in Redis it is then used up,
	 * except by CLIENT subcommands and inside a transaction ({@code keep}), so it covers the
	 * next command that is not a CLIENT command, or every command of a MULTI / EXEC.
	 */
	public void startCommand(boolean keep) {
		this.cachingForCurrent = this.caching;
		if (!keep) {
			this.caching = null;
		}
	}

	/** Whether the keys the current read-only command reads should be remembered for this client. */
	boolean remembersReads() {
		if (!this.enabled || this.bcast) {
			return false;
		}
		if (this.optin) {
			return Boolean.TRUE.equals(this.cachingForCurrent);
		}
		if (this.optout) {
			return !Boolean.FALSE.equals(this.cachingForCurrent);
		}
		return true;
	}

}
