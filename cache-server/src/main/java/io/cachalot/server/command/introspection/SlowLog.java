package io.cachalot.server.command.introspection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.cachalot.server.protocol.resp.CommandArgs;

/**
 * SLOWLOG: commands that took at least {@code slowlog-log-slower-than} microseconds (-1:
 * never, 0: every command), newest first, at most {@code slowlog-max-len} of them. Arguments
 * are kept as Redis keeps them: at most 32 (the last says how many more there were), each at
 * most 128 bytes (with how many more bytes there were).
 */
public final class SlowLog {

	private static final int MAX_ARGS = 32;

	private static final int MAX_ARG_BYTES = 128;

	/** One entry, in SLOWLOG GET's order of fields. */
	public record Entry(long id, long timestampSeconds, long micros, List<byte[]> args, String client, String name) {
	}

	private final ArrayDeque<Entry> entries = new ArrayDeque<>();

	private volatile long thresholdMicros = 10_000;

	private volatile int maxLength = 128;

	private long nextId;

	public void threshold(long micros) {
		this.thresholdMicros = micros;
	}

	public synchronized void maxLength(int maxLength) {
		this.maxLength = maxLength;
		trim();
	}

	/** Logs the command when it was slow enough (a cheap comparison when it was not). */
	public void record(CommandArgs args, long micros, String client, String name) {
		long threshold = this.thresholdMicros;
		if (threshold < 0 || micros < threshold) {
			return;
		}
		List<byte[]> kept = new ArrayList<>();
		int n = Math.min(args.count(), MAX_ARGS);
		for (int i = 0; i < n; i++) {
			if (i == MAX_ARGS - 1 && args.count() > MAX_ARGS) {
				kept.add(("... (" + (args.count() - MAX_ARGS + 1) + " more arguments)").getBytes(StandardCharsets.US_ASCII));
				break;
			}
			byte[] a = args.bytes(i);
			if (a.length > MAX_ARG_BYTES) {
				byte[] cut = java.util.Arrays.copyOf(a, MAX_ARG_BYTES);
				byte[] suffix = ("... (" + (a.length - MAX_ARG_BYTES) + " more bytes)").getBytes(StandardCharsets.US_ASCII);
				a = java.util.Arrays.copyOf(cut, cut.length + suffix.length);
				System.arraycopy(suffix, 0, a, MAX_ARG_BYTES, suffix.length);
			}
			kept.add(a);
		}
		synchronized (this) {
			this.entries.addFirst(new Entry(this.nextId++, System.currentTimeMillis() / 1000, micros, kept, client, name));
			trim();
		}
	}

	private void trim() {
		while (this.entries.size() > this.maxLength) {
			this.entries.removeLast();
		}
	}

	/** The newest {@code count} entries (negative: all). */
	public synchronized List<Entry> newest(long count) {
		List<Entry> out = new ArrayList<>();
		Iterator<Entry> it = this.entries.iterator();
		while (it.hasNext() && (count < 0 || out.size() < count)) {
			out.add(it.next());
		}
		return out;
	}

	public synchronized int length() {
		return this.entries.size();
	}

	public synchronized void reset() {
		this.entries.clear();
	}

}
