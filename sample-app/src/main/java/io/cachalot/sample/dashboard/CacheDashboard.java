package io.cachalot.sample.dashboard;

import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;

import org.springframework.stereotype.Component;

import io.cachalot.sample.admin.CacheServerSwitch;
import io.cachalot.spring.resilience.CacheGuard;

/**
 * The figures the page's dashboard shows, read from the meters the starter registers — the
 * same ones {@code /actuator/prometheus} exports — and from the cache's circuit breaker.
 * Counts are totals since start; the page turns two readings into rates and ratios.
 */
@Component
class CacheDashboard {

	private final MeterRegistry meters;

	private final CircuitBreaker breaker;

	private final CacheServerSwitch cacheServer;

	CacheDashboard(MeterRegistry meters, CacheGuard guard, CacheServerSwitch cacheServer) {
		this.meters = meters;
		this.breaker = guard.breaker();
		this.cacheServer = cacheServer;
	}

	Snapshot snapshot() {
		double latencyCount = 0;
		double latencyTotalMs = 0;
		for (Timer timer : this.meters.find("cache.gets.latency").timers()) {
			latencyCount += timer.count();
			latencyTotalMs += timer.totalTime(TimeUnit.MILLISECONDS);
		}
		CircuitBreaker.Metrics metrics = this.breaker.getMetrics();
		return new Snapshot(System.currentTimeMillis(), sum(this.meters.find("cache.gets").tag("result", "hit")),
				sum(this.meters.find("cache.gets").tag("result", "miss")), sum(this.meters.find("cache.near.hits")),
				(long) latencyCount, latencyTotalMs,
				sum(this.meters.find("cache.evictions")), sum(this.meters.find("cachalot.server.evicted.keys")),
				sum(this.meters.find("sample.db.queries")), sum(this.meters.find("cachalot.cache.fallbacks")),
				this.breaker.getState().name(), metrics.getFailureRate(), metrics.getNumberOfNotPermittedCalls(),
				this.cacheServer.state());
	}

	/** The sum of the meters' counts (counters, function counters). */
	private static long sum(Search search) {
		double total = 0;
		for (Meter meter : search.meters()) {
			for (Measurement measurement : meter.measure()) {
				if (measurement.getStatistic() == Statistic.COUNT && !Double.isNaN(measurement.getValue())) {
					total += measurement.getValue();
				}
			}
		}
		return (long) total;
	}

	/**
	 * One reading: cache hits and misses, and how many of the hits the near cache (this JVM)
	 * answered; cache read latency (count, total ms); evictions by
	 * the application and by the server (memory); database queries; cache fallbacks; the
	 * breaker's state, failure rate (-1 until it has seen enough calls) and calls it refused;
	 * and the cache server switch.
	 */
	record Snapshot(long time, long hits, long misses, long nearHits, long cacheReads, double cacheReadMillis, long evictions,
			long serverEvictions, long databaseQueries, long fallbacks, String breaker, float breakerFailureRate,
			long breakerRefusedCalls, CacheServerSwitch.State cacheServer) {
	}

}
