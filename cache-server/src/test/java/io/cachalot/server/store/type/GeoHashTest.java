package io.cachalot.server.store.type;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Figures from Redis's GEOADD / GEOHASH / GEODIST documentation examples (Palermo, Catania). */
class GeoHashTest {

	@Test
	void encodesDecodesAndHashesLikeRedis() {
		long palermo = GeoHash.encode(13.361389, 38.115556);
		assertThat(palermo).isEqualTo(3479099956230698L);
		double[] xy = GeoHash.decode(palermo);
		assertThat(xy[0]).isCloseTo(13.361389, within(1e-5));
		assertThat(xy[1]).isCloseTo(38.115556, within(1e-5));
		assertThat(GeoHash.standardHash(palermo)).isEqualTo("sqc8b49rny0");
		long catania = GeoHash.encode(15.087269, 37.502669);
		assertThat(GeoHash.standardHash(catania)).isEqualTo("sqdtr74hyu0");
		double[] c = GeoHash.decode(catania);
		assertThat(GeoHash.distance(xy[0], xy[1], c[0], c[1])).isCloseTo(166274.1516, within(1e-3));
		assertThat(GeoHash.valid(181, 0)).isFalse();
		assertThat(GeoHash.valid(0, 86)).isFalse();
	}

}
