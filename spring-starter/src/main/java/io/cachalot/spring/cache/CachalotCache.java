package io.cachalot.spring.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import io.cachalot.spring.cache.serializer.CacheValueSerializer;
import io.cachalot.spring.cache.serializer.UnreadableValueException;
import io.cachalot.spring.near.NearCache;
import io.cachalot.spring.resilience.CacheGuard;
import io.cachalot.spring.resilience.CacheUnavailableException;
import io.cachalot.spring.resilience.PendingEvictions;
import io.cachalot.spring.stampede.SingleFlight;
import io.cachalot.spring.stampede.DistributedLease;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.cache.support.NullValue;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * A Spring {@link org.springframework.cache.Cache} over a Redis-protocol server that never
 * fails its caller because of the cache.
 *
 * <p>Every operation goes through the {@link CacheGuard} (circuit breaker + short timeout).
 * When the server is slow, down or the breaker is open: a get is a miss — the annotated
 * method, i.e. the database, answers; a put is skipped; an evict or clear is remembered in
 * {@link PendingEvictions} and replayed when the server is back, and until then the
 * affected keys read as misses, so no entry that should have gone survives an outage. Each
 * fallback is counted by operation and reason.
 *
 * <p>Values are written through a versioned {@link CacheValueSerializer}; one that cannot be
 * read any more (its class changed in a deploy) is a miss, is deleted and is counted — never
 * an exception. Loads through {@link #get(Object, Callable)} (Spring's {@code sync = true})
 * and {@link #retrieve(Object, Supplier)} (reactive and async methods) run once per key at a
 * time in this JVM ({@link SingleFlight}). Entries get the cache's TTL minus a random jitter.
 */
public class CachalotCache extends AbstractValueAdaptingCache {

	/** How a cached null is stored: a header no serializer writes. */
	private static final byte[] NULL_MARKER = { (byte) 0xCA, 'N', 1 };

	private final String name;

	private final String keyPrefix;

	private final String lockPrefix;

	private final CacheSettings settings;

	private final CacheInfrastructure shared;

	private final CacheStatistics statistics = new CacheStatistics();

	private final SingleFlight loads = new SingleFlight();

	/**
	 * What all caches of one manager share; {@code lease} is null unless distributed loads are
	 * on, {@code near} unless the near cache is.
	 */
	public record CacheInfrastructure(RedisCacheStore store, CacheGuard guard, CacheValueSerializer serializer,
			PendingEvictions pending, Runnable onSuccess, LoadLease lease, NearCache near) {
	}

	/** The distributed lease and how long to wait for another instance's load. */
	public record LoadLease(DistributedLease lease, Duration waitTime, Duration pollInterval) {
	}

	public CachalotCache(String name, String keyPrefix, CacheSettings settings, CacheInfrastructure shared) {
		super(settings.cacheNullValues());
		this.name = name;
		this.keyPrefix = keyPrefix + name + "::";
		this.lockPrefix = keyPrefix + "lock:" + name + "::";
		this.settings = settings;
		this.shared = shared;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Object getNativeCache() {
		return this.shared.store();
	}

	public CacheSettings getSettings() {
		return this.settings;
	}

	public CacheStatistics getStatistics() {
		return this.statistics;
	}

	/** The Redis key of a cache key: {@code <prefix><cache>::<key>}. */
	public byte[] redisKey(Object key) {
		return (this.keyPrefix + key).getBytes(StandardCharsets.UTF_8);
	}

	// ---- reads ----------------------------------------------------------------------------

	@Override
	protected Object lookup(Object key) {
		return fetch(key).block();
	}

	/** The stored value of {@code key} (NullValue for a cached null), empty on a miss or a fallback. */
	private Mono<Object> fetch(Object key) {
		byte[] redisKey = redisKey(key);
		if (this.shared.pending().isStale(this.name, redisKey)) {
			this.statistics.misses.increment();
			return Mono.empty();
		}
		NearCache near = this.shared.near();
		String nearKey = (near != null) ? this.keyPrefix + key : null;
		if (near != null) {
			Object kept = near.get(nearKey);
			if (kept != null) {
				this.statistics.nearHits.increment();
				this.statistics.hits.increment();
				return Mono.just(kept);
			}
		}
		return Mono.defer(() -> {
			long start = System.nanoTime();
			long sequence = (near != null) ? near.sequence() : 0;
			return this.shared.guard()
				.guard(this.shared.store().get(redisKey))
				.doOnSuccess(bytes -> {
					this.statistics.getLatency(System.nanoTime() - start);
					this.shared.onSuccess().run();
				})
				.flatMap(bytes -> decode(redisKey, bytes))
				.doOnSuccess(value -> {
					(value != null ? this.statistics.hits : this.statistics.misses).increment();
					if (value != null && near != null) {
						near.put(nearKey, value, sequence);
					}
				})
				.onErrorResume(CacheUnavailableException.class, ex -> {
					fallback("get", ex);
					this.statistics.misses.increment();
					return Mono.empty();
				});
		});
	}

	private Mono<Object> decode(byte[] redisKey, byte[] bytes) {
		if (java.util.Arrays.equals(bytes, NULL_MARKER)) {
			return Mono.just(NullValue.INSTANCE);
		}
		try {
			return Mono.just(this.shared.serializer().deserialize(bytes));
		}
		catch (UnreadableValueException ex) {
			// written by an older version of the application: drop it and load afresh
			this.statistics.unreadable.increment();
			this.statistics.removals.increment();
			this.shared.guard().guard(this.shared.store().delete(redisKey)).onErrorResume(e -> Mono.empty()).subscribe();
			return Mono.empty();
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T get(Object key, Callable<T> valueLoader) {
		ValueWrapper cached = get(key);
		if (cached != null) {
			return (T) cached.get();
		}
		try {
			return (T) this.loads.load(key, () -> {
				try {
					T value;
					if (this.shared.lease() != null) {
						value = loadUnderLease(key, valueLoader);
					}
					else {
						value = valueLoader.call();
						put(key, value);
					}
					return CompletableFuture.completedFuture(value);
				}
				catch (Exception ex) {
					return CompletableFuture.failedFuture(new ValueRetrievalException(key, valueLoader, ex));
				}
			}).join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof ValueRetrievalException retrieval) {
				throw retrieval;
			}
			throw new ValueRetrievalException(key, valueLoader, ex.getCause());
		}
	}

	@Override
	public CompletableFuture<?> retrieve(Object key) {
		return fetch(key).map(stored -> (ValueWrapper) new SimpleValueWrapper(fromStoreValue(stored))).toFuture();
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		return fetch(key).toFuture().thenCompose(stored -> {
			if (stored != null) {
				return CompletableFuture.completedFuture((T) fromStoreValue(stored));
			}
			if (this.shared.lease() != null) {
				return this.loads.load(key, () -> loadUnderLeaseAsync(key, valueLoader));
			}
			return this.loads.load(key, () -> valueLoader.get().thenApply(value -> {
				write(key, value).subscribe();
				return value;
			}));
		});
	}

	// ---- loads across instances ------------------------------------------------------------

	private byte[] lockKey(Object key) {
		return (this.lockPrefix + key).getBytes(StandardCharsets.UTF_8);
	}

	/** Takes the lease (null when the server cannot be asked: then there is nothing to coordinate). */
	private Mono<Boolean> acquire(byte[] lockKey, String token) {
		return this.shared.guard()
			.guard(this.shared.lease().lease().tryAcquire(lockKey, token))
			.onErrorResume(CacheUnavailableException.class, ex -> Mono.empty());
	}

	private void release(byte[] lockKey, String token) {
		this.shared.guard()
			.guard(this.shared.lease().lease().release(lockKey, token))
			.onErrorResume(CacheUnavailableException.class, ex -> Mono.empty())
			.subscribe();
	}

	/**
	 * Loads on this thread under the key's lease and stores the value before giving the lease
	 * back, so an instance that takes the lease next finds it. If another instance holds the
	 * lease, waits for its value up to the wait time, then loads anyway (a slow or dead holder
	 * never blocks us).
	 */
	@SuppressWarnings("unchecked")
	private <T> T loadUnderLease(Object key, Callable<T> valueLoader) throws Exception {
		byte[] lockKey = lockKey(key);
		String token = DistributedLease.newToken();
		Boolean acquired = acquire(lockKey, token).block();
		if (Boolean.TRUE.equals(acquired)) {
			try {
				// another instance may have stored it between our miss and our lease
				ValueWrapper loaded = get(key);
				if (loaded != null) {
					return (T) loaded.get();
				}
				T value = valueLoader.call();
				put(key, value);
				return value;
			}
			finally {
				release(lockKey, token);
			}
		}
		if (acquired != null) {
			long deadline = System.nanoTime() + this.shared.lease().waitTime().toNanos();
			while (System.nanoTime() < deadline) {
				Thread.sleep(this.shared.lease().pollInterval().toMillis());
				ValueWrapper loaded = get(key);
				if (loaded != null) {
					return (T) loaded.get();
				}
			}
		}
		T value = valueLoader.call();
		put(key, value);
		return value;
	}

	/** {@link #loadUnderLease} without blocking: the wait polls on a timer. */
	@SuppressWarnings("unchecked")
	private <T> CompletableFuture<T> loadUnderLeaseAsync(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		byte[] lockKey = lockKey(key);
		String token = DistributedLease.newToken();
		LoadLease lease = this.shared.lease();
		Mono<T> loadAndStore = Mono.defer(() -> Mono.fromFuture(valueLoader))
			.flatMap(value -> write(key, value).thenReturn(value));
		return acquire(lockKey, token).flatMap(acquired -> {
			if (acquired) {
				return fetch(key).map(stored -> (T) fromStoreValue(stored))
					.switchIfEmpty(loadAndStore)
					.doFinally(signal -> release(lockKey, token));
			}
			return Flux.interval(lease.pollInterval())
				.concatMap(tick -> fetch(key))
				.next()
				.map(stored -> (T) fromStoreValue(stored))
				.timeout(lease.waitTime(), loadAndStore);
		}).switchIfEmpty(loadAndStore).toFuture();
	}

	// ---- writes ---------------------------------------------------------------------------

	/**
	 * Stores the value. On a thread that must not wait (see {@link CallerThread}) the write is
	 * sent and not awaited — Spring's {@code Cache} contract allows a deferred put; commands on
	 * the connection keep their order, so a later read or evict still sees it.
	 */
	@Override
	public void put(Object key, Object value) {
		if (CallerThread.mayBlock()) {
			write(key, value).block();
		}
		else {
			write(key, value).subscribe();
		}
	}

	/** Stores {@code value} (a null only if nulls are cached); completes empty either way. */
	private Mono<Void> write(Object key, Object value) {
		if (value == null && !isAllowNullValues()) {
			return Mono.empty();
		}
		byte[] bytes = encode(toStoreValue(value));
		forgetNear(key);
		return this.shared.guard()
			.guard(this.shared.store().set(redisKey(key), bytes, this.settings.nextTtl()))
			.doOnSuccess(ok -> {
				this.statistics.puts.increment();
				this.shared.onSuccess().run();
			})
			.onErrorResume(CacheUnavailableException.class, ex -> {
				fallback("put", ex);
				return Mono.empty();
			})
			.then();
	}

	@Override
	public ValueWrapper putIfAbsent(Object key, Object value) {
		if (value == null && !isAllowNullValues()) {
			return get(key);
		}
		byte[] redisKey = redisKey(key);
		Boolean stored = this.shared.guard()
			.guard(this.shared.store().setIfAbsent(redisKey, encode(toStoreValue(value)), this.settings.nextTtl()))
			.onErrorResume(CacheUnavailableException.class, ex -> {
				fallback("put", ex);
				return Mono.empty();
			})
			.block();
		if (Boolean.TRUE.equals(stored)) {
			this.statistics.puts.increment();
			return null;
		}
		return get(key);
	}

	private byte[] encode(Object storeValue) {
		return (storeValue == NullValue.INSTANCE) ? NULL_MARKER.clone() : this.shared.serializer().serialize(storeValue);
	}

	/**
	 * Removes the key. On a thread that must not wait the key counts as stale (read as a miss)
	 * from now until the server confirms the delete, which is sent and not awaited; if the
	 * server does not answer, the delete is replayed later like any failed evict.
	 */
	@Override
	public void evict(Object key) {
		if (CallerThread.mayBlock()) {
			evictIfPresent(key);
			return;
		}
		byte[] redisKey = redisKey(key);
		this.shared.pending().evictLater(this.name, redisKey);
		remove(key, redisKey).subscribe();
	}

	@Override
	public boolean evictIfPresent(Object key) {
		return Boolean.TRUE.equals(remove(key, redisKey(key)).block());
	}

	/** Deletes the key, counted; a delete the server did not confirm is remembered for replay. */
	private Mono<Boolean> remove(Object key, byte[] redisKey) {
		forgetNear(key);
		return this.shared.guard()
			.guard(this.shared.store().delete(redisKey))
			.doOnSuccess(r -> this.shared.pending().evicted(this.name, redisKey))
			.onErrorResume(CacheUnavailableException.class, ex -> {
				fallback("evict", ex);
				this.shared.pending().evictLater(this.name, redisKey);
				return Mono.empty();
			})
			.map(removed -> {
				if (removed) {
					this.statistics.evictions.increment();
					this.statistics.removals.increment();
				}
				return removed;
			});
	}

	/** Empties the cache; on a thread that must not wait, as {@link #evict} does for one key. */
	@Override
	public void clear() {
		if (CallerThread.mayBlock()) {
			invalidate();
			return;
		}
		this.shared.pending().clearLater(this.name);
		removeAll().subscribe();
	}

	@Override
	public boolean invalidate() {
		Long removed = removeAll().block();
		return removed != null && removed > 0;
	}

	private Mono<Long> removeAll() {
		if (this.shared.near() != null) {
			this.shared.near().invalidatePrefix(this.keyPrefix);
		}
		return clearNow(clearTimeout()).onErrorResume(CacheUnavailableException.class, ex -> {
			fallback("clear", ex);
			this.shared.pending().clearLater(this.name);
			return Mono.empty();
		});
	}

	/** SCAN + UNLINK of this cache's keys, guarded; used by clear and by the replay of a clear. */
	public Mono<Long> clearNow(Duration timeout) {
		return this.shared.guard()
			.guard(this.shared.store().deleteMatching(matchPattern()), timeout)
			.doOnSuccess(n -> {
				this.statistics.removals.add(n);
				this.shared.pending().cleared(this.name);
			});
	}

	/** Clearing pages through the keyspace: it may take longer than one command. */
	private Duration clearTimeout() {
		Duration t = this.shared.guard().timeout().multipliedBy(40);
		return (t.compareTo(Duration.ofSeconds(10)) < 0) ? Duration.ofSeconds(10) : t;
	}

	/** This cache's keys as a SCAN pattern, the prefix's glob characters escaped. */
	String matchPattern() {
		StringBuilder p = new StringBuilder();
		for (char c : this.keyPrefix.toCharArray()) {
			if ("*?[]\\".indexOf(c) >= 0) {
				p.append('\\');
			}
			p.append(c);
		}
		return p.append('*').toString();
	}

	/** This JVM changes the key: its near copy goes now (the server's invalidation follows). */
	private void forgetNear(Object key) {
		if (this.shared.near() != null) {
			this.shared.near().invalidate(this.keyPrefix + key);
		}
	}

	private void fallback(String operation, CacheUnavailableException ex) {
		this.statistics.fallback(operation, ex.reason().tag());
	}

}
