package io.cachalot.spring.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.cachalot.spring.cache.serializer.CacheValueSerializer;
import io.cachalot.spring.near.NearCache;
import io.cachalot.spring.resilience.CacheGuard;
import io.cachalot.spring.resilience.PendingEvictions;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cache.Cache;
import org.springframework.cache.support.AbstractCacheManager;

/**
 * The {@link org.springframework.cache.CacheManager} of {@link CachalotCache}s: the caches
 * named in {@code cachalot.cache.caches} exist from the start, any other name is created on
 * first use with the same defaults (and reported to the listeners, e.g. metrics). All caches
 * share one circuit breaker, one store and one record of evictions to replay, which this
 * manager replays as soon as the server answers again.
 */
public class CachalotCacheManager extends AbstractCacheManager {

	private final CachalotCacheProperties properties;

	private final CacheGuard guard;

	private final RedisCacheStore store;

	private final PendingEvictions pending;

	private final CachalotCache.CacheInfrastructure infrastructure;

	private final List<Consumer<CachalotCache>> cacheListeners = new ArrayList<>();

	private final AtomicBoolean replaying = new AtomicBoolean();

	public CachalotCacheManager(CachalotCacheProperties properties, RedisCacheStore store, CacheGuard guard,
			CacheValueSerializer serializer) {
		this(properties, store, guard, serializer, null);
	}

	/** With {@code lease} non-null, loads of a missing key are coordinated across instances. */
	public CachalotCacheManager(CachalotCacheProperties properties, RedisCacheStore store, CacheGuard guard,
			CacheValueSerializer serializer, CachalotCache.LoadLease lease) {
		this(properties, store, guard, serializer, lease, null);
	}

	/** With {@code near} non-null, reads are kept in this JVM too, coherent through invalidations. */
	public CachalotCacheManager(CachalotCacheProperties properties, RedisCacheStore store, CacheGuard guard,
			CacheValueSerializer serializer, CachalotCache.LoadLease lease, NearCache near) {
		this.properties = properties;
		this.store = store;
		this.guard = guard;
		this.pending = new PendingEvictions(10_000);
		this.infrastructure = new CachalotCache.CacheInfrastructure(store, guard, serializer, this.pending,
				this::replayPendingEvictions, lease, near);
		guard.breaker().getEventPublisher().onStateTransition(event -> {
			if (event.getStateTransition().getToState() == CircuitBreaker.State.CLOSED) {
				replayPendingEvictions();
			}
		});
	}

	/** Called with every cache, those that exist now and those created later. */
	public void addCacheListener(Consumer<CachalotCache> listener) {
		this.cacheListeners.add(listener);
		for (String name : getCacheNames()) {
			Cache cache = lookupCache(name);
			if (cache instanceof CachalotCache c) {
				listener.accept(c);
			}
		}
	}

	public CacheGuard getGuard() {
		return this.guard;
	}

	public PendingEvictions getPendingEvictions() {
		return this.pending;
	}

	@Override
	protected Collection<? extends Cache> loadCaches() {
		List<CachalotCache> caches = new ArrayList<>();
		for (String name : this.properties.getCaches().keySet()) {
			caches.add(createCache(name));
		}
		return caches;
	}

	@Override
	protected Cache getMissingCache(String name) {
		CachalotCache cache = createCache(name);
		this.cacheListeners.forEach(l -> l.accept(cache));
		return cache;
	}

	private CachalotCache createCache(String name) {
		return new CachalotCache(name, this.properties.getKeyPrefix(), this.properties.settingsFor(name), this.infrastructure);
	}

	/**
	 * Delivers the evictions and clears that failed during an outage. Runs in the background,
	 * one replay at a time; what fails stays pending for the next attempt.
	 */
	public void replayPendingEvictions() {
		if (this.pending.isEmpty() || !this.replaying.compareAndSet(false, true)) {
			return;
		}
		Flux<Object> clears = Flux.fromIterable(this.pending.pendingClears())
			.concatMap(name -> cache(name).clearNow(this.guard.timeout().multipliedBy(40)).cast(Object.class)
				.onErrorResume(ex -> Mono.empty()));
		Flux<Object> evicts = Flux.fromIterable(this.pending.cachesWithKeys())
			.concatMap(name -> Flux.fromIterable(this.pending.pendingKeys(name))
				.concatMap(key -> this.guard.guard(this.store.delete(key))
					.doOnSuccess(r -> this.pending.evicted(name, key))
					.cast(Object.class)
					.onErrorResume(ex -> Mono.empty())));
		clears.concatWith(evicts).doFinally(s -> this.replaying.set(false)).subscribe();
	}

	private CachalotCache cache(String name) {
		return (CachalotCache) getCache(name);
	}

}
