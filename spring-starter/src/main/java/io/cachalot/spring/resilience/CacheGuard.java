package io.cachalot.spring.resilience;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs every cache operation through the circuit breaker with the cache's own short timeout.
 * An operation the breaker does not permit fails at once; one that takes longer than the
 * timeout is cancelled. Either way the caller gets a {@link CacheUnavailableException} naming
 * the reason, and the breaker learns of every outcome (slow calls and errors open it; after
 * its wait it lets a few calls probe the server again).
 *
 * <p>Those probing calls are not left to the application's traffic: with a near cache, hot
 * keys are answered in the JVM and may never reach the breaker, which would then stay
 * half-open for good. So, given a probe (a PING), the guard sends it itself when the breaker
 * turns half-open, once per permitted call, until the breaker has decided.
 */
public class CacheGuard {

	private final CircuitBreaker breaker;

	private final Duration timeout;

	private final Supplier<Mono<?>> probe;

	public CacheGuard(CircuitBreaker breaker, Duration timeout) {
		this(breaker, timeout, null);
	}

	/** With {@code probe} non-null, a half-open breaker is probed without waiting for traffic. */
	public CacheGuard(CircuitBreaker breaker, Duration timeout, Supplier<Mono<?>> probe) {
		this.breaker = breaker;
		this.timeout = timeout;
		this.probe = probe;
		if (probe != null) {
			breaker.getEventPublisher().onStateTransition(event -> {
				if (event.getStateTransition().getToState() == CircuitBreaker.State.HALF_OPEN) {
					probeWhileHalfOpen();
				}
			});
		}
	}

	/** Sends the probe through the breaker, one at a time, while it is half-open and permits calls. */
	private void probeWhileHalfOpen() {
		int permitted = this.breaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState();
		Flux.range(0, permitted)
			.takeWhile(i -> this.breaker.getState() == CircuitBreaker.State.HALF_OPEN)
			.concatMap(i -> guard(Mono.defer(this.probe)).onErrorResume(CacheUnavailableException.class, ex -> Mono.empty()))
			.subscribe();
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
