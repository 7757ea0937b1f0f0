package io.cachalot.server.config;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One configuration directive: its redis.conf name, default, how a value is validated and
 * normalized (the text CONFIG GET returns), and whether CONFIG SET may change it at run time.
 */
public final class ConfigDirective {

	private final String name;

	private final String defaultValue;

	private final boolean mutable;

	private final Function<String, String> normalizer;

	private volatile String value;

	private volatile Consumer<String> onChange = v -> {
	};

	private ConfigDirective(String name, String defaultValue, boolean mutable, Function<String, String> normalizer) {
		this.name = name;
		this.mutable = mutable;
		this.normalizer = normalizer;
		this.defaultValue = normalizer.apply(defaultValue);
		this.value = this.defaultValue;
	}

	public String name() {
		return this.name;
	}

	public String value() {
		return this.value;
	}

	public String defaultValue() {
		return this.defaultValue;
	}

	public boolean mutable() {
		return this.mutable;
	}

	/** Validates and normalizes without applying. */
	public String normalize(String raw) {
		return this.normalizer.apply(raw);
	}

	void apply(String normalized) {
		this.value = normalized;
		this.onChange.accept(normalized);
	}

	void onChange(Consumer<String> listener) {
		this.onChange = listener;
		listener.accept(this.value);
	}

	static ConfigDirective string(String name, String def, boolean mutable) {
		return new ConfigDirective(name, def, mutable, v -> v);
	}

	static ConfigDirective integer(String name, long def, long min, long max, boolean mutable) {
		return new ConfigDirective(name, Long.toString(def), mutable, v -> {
			long n;
			try {
				n = Long.parseLong(v.strip());
			}
			catch (NumberFormatException ex) {
				throw new ConfigException("argument couldn't be parsed into an integer");
			}
			if (n < min || n > max) {
				throw new ConfigException("argument must be between " + min + " and " + max + " inclusive");
			}
			return Long.toString(n);
		});
	}

	static ConfigDirective memory(String name, String def, boolean mutable) {
		return new ConfigDirective(name, def, mutable, v -> Long.toString(MemorySize.parse(v)));
	}

	static ConfigDirective bool(String name, boolean def, boolean mutable) {
		return new ConfigDirective(name, def ? "yes" : "no", mutable, v -> switch (v.toLowerCase()) {
			case "yes" -> "yes";
			case "no" -> "no";
			default -> throw new ConfigException("argument must be 'yes' or 'no'");
		});
	}

	static ConfigDirective oneOf(String name, String def, boolean mutable, List<String> allowed) {
		return new ConfigDirective(name, def, mutable, v -> {
			String lower = v.toLowerCase();
			if (!allowed.contains(lower)) {
				throw new ConfigException("argument(s) must be one of the following: " + String.join(", ", allowed));
			}
			return lower;
		});
	}

	static ConfigDirective custom(String name, String def, boolean mutable, Function<String, String> normalizer) {
		return new ConfigDirective(name, def, mutable, normalizer);
	}

}
