package io.cachalot.spring.metrics;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import io.cachalot.spring.cache.RedisCacheStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The cache server's own figures, read from INFO and tagged with its {@code endpoint}:
 * {@code cachalot.server.evicted.keys}, {@code cachalot.server.expired.keys},
 * {@code cachalot.server.keyspace.hits} / {@code .misses} (counters),
 * {@code cachalot.server.used.memory} and {@code cachalot.server.connected.clients} (gauges).
 * INFO is fetched in the background at most every {@code refresh}; reading a meter never
 * waits for the server, and an unreachable server leaves the last values.
 */
public class CachalotServerMeterBinder implements MeterBinder {

	private final RedisCacheStore store;

	private final String endpoint;

	private final Duration refresh;

	private final AtomicBoolean refreshing = new AtomicBoolean();

	private volatile Properties info = new Properties();

	private volatile long fetchedAt;

	public CachalotServerMeterBinder(RedisCacheStore store, String endpoint, Duration refresh) {
		this.store = store;
		this.endpoint = endpoint;
		this.refresh = refresh;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Tags tags = Tags.of("endpoint", this.endpoint);
		counter(registry, tags, "cachalot.server.evicted.keys", "evicted_keys", "Keys the server evicted for memory");
		counter(registry, tags, "cachalot.server.expired.keys", "expired_keys", "Keys the server expired");
		counter(registry, tags, "cachalot.server.keyspace.hits", "keyspace_hits", "Successful key lookups on the server");
		counter(registry, tags, "cachalot.server.keyspace.misses", "keyspace_misses", "Failed key lookups on the server");
		Gauge.builder("cachalot.server.used.memory", this, b -> b.value("used_memory"))
			.tags(tags)
			.baseUnit("bytes")
			.description("Memory the server's dataset uses")
			.register(registry);
		Gauge.builder("cachalot.server.connected.clients", this, b -> b.value("connected_clients"))
			.tags(tags)
			.description("Client connections to the server")
			.register(registry);
		refreshIfStale();
	}

	private void counter(MeterRegistry registry, Tags tags, String name, String field, String description) {
		FunctionCounter.builder(name, this, b -> b.value(field)).tags(tags).description(description).register(registry);
	}

	/** The latest value of an INFO field (NaN until known). */
	double value(String field) {
		refreshIfStale();
		String v = this.info.getProperty(field);
		try {
			return (v == null) ? Double.NaN : Double.parseDouble(v.trim());
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

	private void refreshIfStale() {
		if (System.nanoTime() - this.fetchedAt < this.refresh.toNanos() || !this.refreshing.compareAndSet(false, true)) {
			return;
		}
		this.store.info().timeout(Duration.ofSeconds(2)).doFinally(s -> this.refreshing.set(false)).subscribe(p -> {
			this.info = p;
			this.fetchedAt = System.nanoTime();
		}, error -> {
			// keep the last figures; try again on the next read
		});
	}

}
