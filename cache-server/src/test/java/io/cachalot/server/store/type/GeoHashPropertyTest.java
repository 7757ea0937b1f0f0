package io.cachalot.server.store.type;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis's 52-bit geohash: a decoded point lies within one cell (under a metre) of what was
 * encoded and encodes to the same cell, and distances are a metric on the sphere (symmetric,
 * zero on the diagonal, at most half the circumference). The exact maxima (longitude 180,
 * latitude 85.05112878) are left out: there Redis's fixed-point step overflows into a 53rd
 * bit, and Cachalot stores the same score Redis does (checked against a real Redis).
 */
class GeoHashPropertyTest {

	@Property(tries = 500)
	void encodeDecodeStaysWithinACell(@ForAll @Scale(8) @DoubleRange(min = -180, max = 180, maxIncluded = false) double lon,
			@ForAll @Scale(8) @DoubleRange(min = -85.05112878, max = 85.05112878, maxIncluded = false) double lat) {
		assertThat(GeoHash.valid(lon, lat)).isTrue();
		long bits = GeoHash.encode(lon, lat);
		assertThat(bits).isBetween(0L, (1L << 52) - 1);
		double[] decoded = GeoHash.decode(bits);
		assertThat(GeoHash.distance(lon, lat, decoded[0], decoded[1])).isLessThan(1.0);
		assertThat(GeoHash.encode(decoded[0], decoded[1])).isEqualTo(bits);
		assertThat(GeoHash.standardHash(bits)).hasSize(11).matches("[0-9b-hjkmnp-z]+");
	}

	@Property(tries = 300)
	void distanceIsAMetricOnTheSphere(@ForAll @Scale(8) @DoubleRange(min = -180, max = 180) double lon1,
			@ForAll @Scale(8) @DoubleRange(min = -85, max = 85) double lat1, @ForAll @Scale(8) @DoubleRange(min = -180, max = 180) double lon2,
			@ForAll @Scale(8) @DoubleRange(min = -85, max = 85) double lat2) {
		double d = GeoHash.distance(lon1, lat1, lon2, lat2);
		assertThat(d).isEqualTo(GeoHash.distance(lon2, lat2, lon1, lat1), org.assertj.core.api.Assertions.within(1e-6));
		assertThat(GeoHash.distance(lon1, lat1, lon1, lat1)).isZero();
		assertThat(d).isBetween(0.0, Math.PI * 6372797.560856 + 1);
	}

}
