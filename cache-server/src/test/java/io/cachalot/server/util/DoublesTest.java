package io.cachalot.server.util;

import java.nio.charset.StandardCharsets;

import io.cachalot.server.store.type.StringOps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected texts were read from redis-server 7.0 (ZADD + ZRANGE WITHSCORES, INCRBYFLOAT). */
class DoublesTest {

	@ParameterizedTest
	@CsvSource({ "0.1,0.10000000000000001", "1.5,1.5", "1e20,1e+20", "123456789.123,123456789.123",
			"1e-5,1.0000000000000001e-05", "0,0", "-2.5,-2.5", "100,100", "3.0e17,3e+17",
			"12345678901234567,12345678901234568" })
	void formatsLikePrintfG17(double value, String expected) {
		assertThat(Doubles.format17g(value)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "10.50,0.1,10.6", "5.0e3,2.0e2,5200", "0.1,0.2,0.3", "10000000000,0.1,10000000000.09999999962747097",
			"1,-1,0", "3.0,1.1,4.1", "-0,0,0", "1e30,1,1000000000000000000024696061952", "17,0.0000001,17.0000001",
			"0.1,0.7,0.8" })
	void incrByFloatMatchesRedisLongDoubleArithmetic(String stored, String increment, String expected) {
		byte[] result = StringOps.incrByFloat(stored.getBytes(StandardCharsets.US_ASCII),
				increment.getBytes(StandardCharsets.US_ASCII));
		assertThat(new String(result, StandardCharsets.US_ASCII)).isEqualTo(expected);
	}

}
