package io.cachalot.server.util;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NumbersTest {

	private static long parse(String s) {
		byte[] b = s.getBytes(StandardCharsets.US_ASCII);
		return Numbers.parseLong(b, 0, b.length);
	}

	@Test
	void parsesTheSigned64BitRange() {
		assertThat(parse("0")).isZero();
		assertThat(parse("-1")).isEqualTo(-1);
		assertThat(parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
		assertThat(parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "-", "+1", " 1", "1 ", "01", "-0", "1.0", "9223372036854775808",
			"-9223372036854775809", "99999999999999999999", "1e3", "abc" })
	void rejectsWhatRedisRejects(String text) {
		assertThatThrownBy(() -> parse(text)).isInstanceOf(NumberFormatException.class);
	}

	@Test
	void formatsBackCanonically() {
		assertThat(new String(Numbers.toBytes(-42), StandardCharsets.US_ASCII)).isEqualTo("-42");
		assertThat(new String(Numbers.toBytes(7), StandardCharsets.US_ASCII)).isEqualTo("7");
		assertThat(Numbers.isCanonicalLong("123".getBytes(StandardCharsets.US_ASCII))).isTrue();
		assertThat(Numbers.isCanonicalLong("0123".getBytes(StandardCharsets.US_ASCII))).isFalse();
	}

}
