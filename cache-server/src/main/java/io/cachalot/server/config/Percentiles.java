package io.cachalot.server.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code latency-tracking-info-percentiles}: a space-separated list of percentiles between 0
 * and 100, written back the way Redis writes them ({@code "50 99 99.9"}).
 */
public final class Percentiles {

	private Percentiles() {
	}

	/** The canonical form of a list, or a ConfigException with Redis's reason. */
	static String normalize(String value) {
		List<String> out = new ArrayList<>();
		for (double percentile : parse(value)) {
			if (percentile < 0 || percentile > 100) {
				throw new ConfigException("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
			}
			out.add(format(percentile));
		}
		return String.join(" ", out);
	}

	/** The percentiles of a list; a ConfigException when one is not a number. */
	public static double[] parse(String value) {
		String trimmed = value.strip();
		if (trimmed.isEmpty()) {
			return new double[0];
		}
		String[] words = trimmed.split("\\s+");
		double[] percentiles = new double[words.length];
		for (int i = 0; i < words.length; i++) {
			try {
				percentiles[i] = Double.parseDouble(words[i]);
			}
			catch (NumberFormatException ex) {
				throw new ConfigException("Invalid latency-tracking-info-percentiles parameters");
			}
			if (Double.isNaN(percentiles[i]) || Double.isInfinite(percentiles[i])) {
				throw new ConfigException("Invalid latency-tracking-info-percentiles parameters");
			}
		}
		return percentiles;
	}

	/** Six decimals with the trailing zeros cut, as Redis prints them: 50, 99.9, 99.99. */
	public static String format(double percentile) {
		return new BigDecimal(String.format(Locale.ROOT, "%f", percentile)).stripTrailingZeros().toPlainString();
	}

}
