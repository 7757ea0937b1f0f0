package io.cachalot.server.pubsub;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.cachalot.server.config.MemorySize;

/**
 * Redis's {@code client-output-buffer-limit}: per client class (normal, replica, pubsub) a
 * hard limit (close at once), a soft limit and the seconds a client may stay above it.
 * Values parse and print as Redis does ({@code "pubsub 32mb 8mb 60"}; CONFIG GET answers
 * bytes and the class {@code slave}); setting one class keeps the others.
 */
public record OutputBufferLimits(Map<String, Limit> classes) {

	/** One class's limits in bytes and seconds; 0 disables a limit. */
	public record Limit(long hardBytes, long softBytes, long softSeconds) {
	}

	public static final String DEFAULT = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";

	public static OutputBufferLimits parse(String text) {
		return merge(new OutputBufferLimits(new LinkedHashMap<>()), text);
	}

	/** {@code current} with the classes named in {@code text} replaced; IllegalArgumentException when malformed. */
	public static OutputBufferLimits merge(OutputBufferLimits current, String text) {
		String[] words = text.trim().split("\\s+");
		if (words.length % 4 != 0 || text.isBlank()) {
			throw new IllegalArgumentException("Wrong number of arguments in buffer limit configuration.");
		}
		Map<String, Limit> classes = new LinkedHashMap<>(current.classes());
		for (int i = 0; i < words.length; i += 4) {
			String name = switch (words[i].toLowerCase(Locale.ROOT)) {
				case "normal" -> "normal";
				case "slave", "replica" -> "slave";
				case "pubsub" -> "pubsub";
				default -> throw new IllegalArgumentException("Invalid client class specified in buffer limit configuration.");
			};
			long hard;
			long soft;
			long seconds;
			try {
				hard = MemorySize.parse(words[i + 1]);
				soft = MemorySize.parse(words[i + 2]);
				seconds = Long.parseLong(words[i + 3]);
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
			}
			if (hard < 0 || soft < 0 || seconds < 0) {
				throw new IllegalArgumentException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
			}
			classes.put(name, new Limit(hard, soft, seconds));
		}
		return new OutputBufferLimits(classes);
	}

	public Limit pubsub() {
		return this.classes.getOrDefault("pubsub", new Limit(0, 0, 0));
	}

	/** CONFIG GET's text: every class, in Redis's order, in bytes. */
	@Override
	public String toString() {
		StringBuilder sb = new StringBuilder();
		for (String name : new String[] { "normal", "slave", "pubsub" }) {
			Limit l = this.classes.get(name);
			if (l != null) {
				if (!sb.isEmpty()) {
					sb.append(' ');
				}
				sb.append(name).append(' ').append(l.hardBytes()).append(' ').append(l.softBytes()).append(' ')
					.append(l.softSeconds());
			}
		}
		return sb.toString();
	}

}
