package io.cachalot.spring.resilience;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import reactor.core.publisher.Mono;

/**
 * Runs every cache operation through the circuit breaker with the cache's own short timeout.
 * An operation the breaker does not permit fails at once; one that takes longer than the
 * timeout is cancelled. Either way the caller gets a {@link CacheUnavailableException} naming
 * the reason, and the breaker learns of every outcome (slow calls and errors open it; after
 * its wait it lets a few calls probe the server again).
 */
public class CacheGuard {

	private final CircuitBreaker breaker;

	private final Duration timeout;

	public CacheGuard(CircuitBreaker breaker, Duration timeout) {
		this.breaker = breaker;
		this.timeout = timeout;
	}

	public CircuitBreaker breaker() {
		return this.breaker;
	}

	public Duration timeout() {
		return this.timeout;
	}

	/** {@code operation} under the breaker and the timeout. */
	public <T> Mono<T> guard(Mono<T> operation) {
		return guard(operation, this.timeout);
	}

	/** {@code operation} under the breaker with its own timeout (clearing a whole cache). */
	public <T> Mono<T> guard(Mono<T> operation, Duration timeout) {
		return Mono.defer(() -> {
			if (!this.breaker.tryAcquirePermission()) {
				return Mono.error(new CacheUnavailableException(CacheUnavailableException.Reason.BREAKER_OPEN, null));
			}
			long start = System.nanoTime();
			return operation.timeout(timeout)
				.doOnSuccess(v -> this.breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS))
				.doOnCancel(this.breaker::releasePermission)
				.onErrorMap(ex -> !(ex instanceof CacheUnavailableException), ex -> {
					this.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
					return new CacheUnavailableException((ex instanceof TimeoutException)
							? CacheUnavailableException.Reason.TIMEOUT : CacheUnavailableException.Reason.ERROR, ex);
				});
		});
	}

	/** Whether calls are going through (closed or half-open). */
	public boolean isAvailable() {
		CircuitBreaker.State state = this.breaker.getState();
		return state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.HALF_OPEN;
	}

}
