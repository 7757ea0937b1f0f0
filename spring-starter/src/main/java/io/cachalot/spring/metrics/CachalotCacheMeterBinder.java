package io.cachalot.spring.metrics;

import java.util.concurrent.TimeUnit;

import io.cachalot.spring.cache.CachalotCache;
import io.cachalot.spring.cache.CacheStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;

/**
 * Micrometer's cache meters for a {@link CachalotCache} — {@code cache.gets{result=hit|miss}},
 * {@code cache.puts}, {@code cache.evictions}, {@code cache.removals} — plus a
 * {@code cache.hit.ratio} gauge, a {@code cache.gets.latency} timer, the
 * {@code cachalot.cache.fallbacks{operation,reason}} counters and
 * {@code cachalot.cache.unreadable}. Tagged {@code cache}, {@code cache.manager}, {@code name}.
 */
public class CachalotCacheMeterBinder extends CacheMeterBinder<CachalotCache> {

	private static final String[] REASONS = { "timeout", "error", "breaker-open" };

	private final CacheStatistics statistics;

	public CachalotCacheMeterBinder(CachalotCache cache, String cacheManagerName, Iterable<Tag> tags) {
		super(cache, cache.getName(), Tags.of(tags).and("cache.manager", cacheManagerName).and("name", cache.getName()));
		this.statistics = cache.getStatistics();
	}

	@Override
	protected Long size() {
		return null;
	}

	@Override
	protected long hitCount() {
		return this.statistics.hits();
	}

	@Override
	protected Long missCount() {
		return this.statistics.misses();
	}

	@Override
	protected Long evictionCount() {
		return this.statistics.evictions();
	}

	@Override
	protected long putCount() {
		return this.statistics.puts();
	}

	@Override
	protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
		Iterable<Tag> tags = getTagsWithCacheName();
		FunctionCounter.builder("cache.removals", this.statistics, CacheStatistics::removals)
			.tags(tags)
			.description("Entries removed from the cache (evicts, clears, unreadable values)")
			.register(registry);
		Gauge.builder("cache.hit.ratio", this.statistics, CacheStatistics::hitRatio)
			.tags(tags)
			.description("Share of lookups that found a value")
			.register(registry);
		Timer latency = Timer.builder("cache.gets.latency")
			.tags(tags)
			.description("Time to look a value up in the cache server")
			.register(registry);
		this.statistics.onGetLatency(nanos -> latency.record(nanos, TimeUnit.NANOSECONDS));
		FunctionCounter.builder("cache.near.hits", this.statistics, CacheStatistics::nearHits)
			.tags(tags)
			.description("Hits answered by the in-process near cache")
			.register(registry);
		FunctionCounter.builder("cachalot.cache.unreadable", this.statistics, CacheStatistics::unreadable)
			.tags(tags)
			.description("Stored values that could no longer be read (and were deleted)")
			.register(registry);
		for (String operation : CacheStatistics.OPERATIONS) {
			for (String reason : REASONS) {
				FunctionCounter.builder("cachalot.cache.fallbacks", this.statistics, s -> s.fallbacks(operation, reason))
					.tags(tags)
					.tag("operation", operation)
					.tag("reason", reason)
					.description("Cache operations the application did without (the database answered instead)")
					.register(registry);
			}
		}
	}

}
