package io.cachalot.spring.stampede;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One load per key at a time in this JVM: while a key's value is being loaded, every other
 * caller asking for that key waits for the same load instead of starting its own (the
 * thundering herd on a popular key that just expired). Blocking and reactive callers share it.
 */
public final class SingleFlight {

	private final ConcurrentHashMap<Object, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();

	/**
	 * The result of {@code loader} for {@code key}: a load already in flight for the key, or
	 * this one, started by this call (on this thread, for a synchronous loader).
	 */
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> load(Object key, Supplier<CompletableFuture<T>> loader) {
		CompletableFuture<Object> mine = new CompletableFuture<>();
		CompletableFuture<Object> running = this.inFlight.putIfAbsent(key, mine);
		if (running != null) {
			return (CompletableFuture<T>) running;
		}
		try {
			loader.get().whenComplete((value, error) -> {
				// leave the map first: a caller arriving after completion looks at the cache again
				this.inFlight.remove(key, mine);
				if (error != null) {
					mine.completeExceptionally(error);
				}
				else {
					mine.complete(value);
				}
			});
		}
		catch (Throwable ex) {
			this.inFlight.remove(key, mine);
			mine.completeExceptionally(ex);
		}
		return (CompletableFuture<T>) mine;
	}

}
