package io.cachalot.server.command;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Server-wide counters INFO reports under stats and errorstats. */
public final class ServerStats {

	public final LongAdder connectionsReceived = new LongAdder();

	public final LongAdder rejectedConnections = new LongAdder();

	public final LongAdder netInputBytes = new LongAdder();

	public final LongAdder netOutputBytes = new LongAdder();

	public final LongAdder errorReplies = new LongAdder();

	private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();

	private volatile long lastSampleNanos = System.nanoTime();

	private long lastCommands;

	private long lastInput;

	private long lastOutput;

	private volatile double opsPerSecond;

	private volatile double inputKbps;

	private volatile double outputKbps;

	/** Takes an instantaneous-rate sample; called about once a second by the server cron. */
	public synchronized void sample(long commands) {
		long now = System.nanoTime();
		double seconds = Math.max(1e-3, (now - this.lastSampleNanos) / 1e9);
		long input = this.netInputBytes.sum();
		long output = this.netOutputBytes.sum();
		this.opsPerSecond = Math.max(0, commands - this.lastCommands) / seconds;
		this.inputKbps = Math.max(0, input - this.lastInput) / seconds / 1024;
		this.outputKbps = Math.max(0, output - this.lastOutput) / seconds / 1024;
		this.lastCommands = commands;
		this.lastInput = input;
		this.lastOutput = output;
		this.lastSampleNanos = now;
	}

	public long opsPerSecond() {
		return Math.round(this.opsPerSecond);
	}

	public double inputKbps() {
		return this.inputKbps;
	}

	public double outputKbps() {
		return this.outputKbps;
	}

	/** Counts an error reply under its code (the first word: ERR, WRONGTYPE ...). */
	public void error(String text) {
		int space = text.indexOf(' ');
		String code = (space > 0) ? text.substring(0, space) : text;
		this.errors.computeIfAbsent(code, c -> new LongAdder()).increment();
		this.errorReplies.increment();
	}

	public Map<String, Long> errorCounts() {
		Map<String, Long> out = new TreeMap<>();
		this.errors.forEach((k, v) -> out.put(k, v.sum()));
		return out;
	}

	public void reset() {
		this.connectionsReceived.reset();
		this.rejectedConnections.reset();
		this.lastCommands = 0;
		this.netInputBytes.reset();
		this.netOutputBytes.reset();
		this.errorReplies.reset();
		this.errors.clear();
	}

}
