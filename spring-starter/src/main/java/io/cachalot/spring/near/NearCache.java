package io.cachalot.spring.near;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The in-process first level of every cache of a manager: server values by Redis key, bounded
 * in size and age, dropped when the server says a key changed ({@link #invalidate}) or
 * everything did ({@link #invalidateAll}: a flush, or the invalidation channel was lost).
 *
 * <p>A read that races a write must not leave the old value behind: every invalidation takes
 * a sequence number, and a value fetched from the server is kept only if no invalidation of
 * its key (and no flush) happened after the fetch started ({@link #put}).
 */
public final class NearCache {

	private final Cache<String, Object> values;

	/** Sequence of the last invalidation of each recently invalidated key. */
	private final Cache<String, Long> invalidatedAt;

	private final AtomicLong sequence = new AtomicLong();

	private volatile long flushedAt;

	private volatile boolean active;

	public NearCache(long maxSize, Duration ttl) {
		this.values = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).build();
		this.invalidatedAt = Caffeine.newBuilder().maximumSize(Math.max(1_000, maxSize)).expireAfterWrite(Duration.ofMinutes(1))
			.build();
	}

	/** Whether invalidations are flowing (tracking is on): otherwise the near cache is bypassed. */
	public boolean isActive() {
		return this.active;
	}

	void active(boolean active) {
		if (!active) {
			invalidateAll();
		}
		this.active = active;
	}

	/** The value kept for {@code redisKey}, or null. */
	public Object get(String redisKey) {
		return this.active ? this.values.getIfPresent(redisKey) : null;
	}

	/** Where the invalidation sequence stands; pass it to {@link #put} after the fetch. */
	public long sequence() {
		return this.sequence.get();
	}

	/** Keeps a value fetched after {@code sequenceBeforeFetch} unless it was invalidated since. */
	public void put(String redisKey, Object value, long sequenceBeforeFetch) {
		if (!this.active || this.flushedAt > sequenceBeforeFetch) {
			return;
		}
		Long invalidated = this.invalidatedAt.getIfPresent(redisKey);
		if (invalidated != null && invalidated > sequenceBeforeFetch) {
			return;
		}
		this.values.put(redisKey, value);
	}

	public void invalidate(String redisKey) {
		this.invalidatedAt.put(redisKey, this.sequence.incrementAndGet());
		this.values.invalidate(redisKey);
	}

	/** Drops the keys starting with {@code prefix} (one cache's clear). */
	public void invalidatePrefix(String prefix) {
		long seq = this.sequence.incrementAndGet();
		this.values.asMap().keySet().removeIf(k -> {
			if (k.startsWith(prefix)) {
				this.invalidatedAt.put(k, seq);
				return true;
			}
			return false;
		});
	}

	public void invalidateAll() {
		this.flushedAt = this.sequence.incrementAndGet();
		this.values.invalidateAll();
	}

	/** Entries kept now. */
	public long size() {
		return this.values.estimatedSize();
	}

}
