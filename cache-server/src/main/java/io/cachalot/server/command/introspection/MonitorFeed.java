package io.cachalot.server.command.introspection;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.cachalot.server.protocol.resp.CommandArgs;

/**
 * MONITOR: every command that runs (admin commands and those flagged skip_monitor excepted,
 * as in Redis) is sent to the monitoring clients as one status line:
 * {@code +1700000000.123456 [0 127.0.0.1:50000] "SET" "key" "value"}, arguments quoted and
 * escaped as Redis's {@code sdscatrepr} does.
 */
public final class MonitorFeed {

	/** A connection in monitor mode. */
	public interface Monitor {

		/** Queues one line (without the leading '+' and the CRLF) for the client. */
		void monitorLine(String line);

	}

	private final Set<Monitor> monitors = ConcurrentHashMap.newKeySet();

	public void add(Monitor monitor) {
		this.monitors.add(monitor);
	}

	public void remove(Monitor monitor) {
		this.monitors.remove(monitor);
	}

	public boolean active() {
		return !this.monitors.isEmpty();
	}

	public int count() {
		return this.monitors.size();
	}

	public void feed(int db, String client, CommandArgs args) {
		java.time.Instant now = java.time.Instant.now();
		StringBuilder sb = new StringBuilder(64);
		sb.append(now.getEpochSecond()).append('.').append(String.format("%06d", now.getNano() / 1000));
		sb.append(" [").append(db).append(' ').append(client).append(']');
		for (int i = 0; i < args.count(); i++) {
			sb.append(' ');
			quote(sb, args.bytes(i));
		}
		String line = sb.toString();
		for (Monitor m : this.monitors) {
			m.monitorLine(line);
		}
	}

	/** Redis's {@code sdscatrepr}: double quotes, backslash escapes, \\xHH for other non-printables. */
	static void quote(StringBuilder sb, byte[] b) {
		sb.append('"');
		for (byte x : b) {
			int c = x & 0xFF;
			switch (c) {
				case '\\' -> sb.append("\\\\");
				case '"' -> sb.append("\\\"");
				case '\n' -> sb.append("\\n");
				case '\r' -> sb.append("\\r");
				case '\t' -> sb.append("\\t");
				case 7 -> sb.append("\\a");
				case '\b' -> sb.append("\\b");
				default -> {
					if (c >= 0x20 && c < 0x7F) {
						sb.append((char) c);
					}
					else {
						sb.append(String.format("\\x%02x", c));
					}
				}
			}
		}
		sb.append('"');
	}

}
