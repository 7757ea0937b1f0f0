package io.cachalot.spring.resilience;

/**
 * A cache operation that did not happen: the server was too slow, failed, or the circuit
 * breaker is open. The cache falls back (a miss, a skipped put, a remembered evict) and counts
 * it by {@link #reason()}.
 */
public class CacheUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** Why the cache was not used; the {@code reason} tag of {@code cachalot.cache.fallbacks}. */
	public enum Reason {

		TIMEOUT("timeout"), ERROR("error"), BREAKER_OPEN("breaker-open");

		private final String tag;

		Reason(String tag) {
			this.tag = tag;
		}

		public String tag() {
			return this.tag;
		}

	}

	private final Reason reason;

	public CacheUnavailableException(Reason reason, Throwable cause) {
		super(reason.tag() + ((cause != null) ? ": " + cause : ""), cause, false, false);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

}
