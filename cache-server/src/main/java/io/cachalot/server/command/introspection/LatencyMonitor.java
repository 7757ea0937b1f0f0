package io.cachalot.server.command.introspection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LATENCY: with {@code latency-monitor-threshold} above 0 (milliseconds), every command that
 * took at least that long adds a sample to its event — {@code command}, or
 * {@code fast-command} for commands flagged fast — keeping the worst sample of each second,
 * the last 160 seconds with samples, and each event's all-time maximum, as Redis's latency
 * monitor does.
 */
public final class LatencyMonitor {

	private static final int HISTORY = 160;

	/** A second and the worst latency seen in it. */
	public record Sample(long timeSeconds, long latencyMillis) {
	}

	/** An event's samples and maximum. */
	public static final class Event {

		final List<Sample> samples = new ArrayList<>();

		long max;

		public List<Sample> samples() {
			return List.copyOf(this.samples);
		}

		public long max() {
			return this.max;
		}

		public Sample latest() {
			return this.samples.get(this.samples.size() - 1);
		}

	}

	private final Map<String, Event> events = new LinkedHashMap<>();

	private volatile long thresholdMillis;

	public void threshold(long millis) {
		this.thresholdMillis = millis;
	}

	/** Adds a sample when monitoring is on and the command was slow enough. */
	public void record(boolean fast, long micros) {
		long threshold = this.thresholdMillis;
		long millis = micros / 1000;
		if (threshold <= 0 || millis < threshold) {
			return;
		}
		add(fast ? "fast-command" : "command", millis, System.currentTimeMillis() / 1000);
	}

	synchronized void add(String name, long millis, long second) {
		Event e = this.events.computeIfAbsent(name, n -> new Event());
		int last = e.samples.size() - 1;
		if (last >= 0 && e.samples.get(last).timeSeconds() == second) {
			e.samples.set(last, new Sample(second, Math.max(millis, e.samples.get(last).latencyMillis())));
		}
		else {
			e.samples.add(new Sample(second, millis));
			if (e.samples.size() > HISTORY) {
				e.samples.remove(0);
			}
		}
		e.max = Math.max(e.max, millis);
	}

	/** Every event with samples, in the order first seen. */
	public synchronized Map<String, Event> latest() {
		return new LinkedHashMap<>(this.events);
	}

	public synchronized Event event(String name) {
		return this.events.get(name);
	}

	/** Resets the named events (all when none is named); returns how many had data. */
	public synchronized int reset(List<String> names) {
		if (names.isEmpty()) {
			int n = this.events.size();
			this.events.clear();
			return n;
		}
		int n = 0;
		for (String name : names) {
			if (this.events.remove(name) != null) {
				n++;
			}
		}
		return n;
	}

}
