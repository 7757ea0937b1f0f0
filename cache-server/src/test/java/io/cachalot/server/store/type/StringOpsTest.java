package io.cachalot.server.store.type;

import java.nio.charset.StandardCharsets;

import io.cachalot.server.store.type.StringOps.LcsResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StringOpsTest {

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static String s(byte[] b) {
		return new String(b, StandardCharsets.UTF_8);
	}

	@ParameterizedTest
	@CsvSource({ "0,3,This", "-3,-1,ing", "0,-1,This is a string", "10,100,string", "5,3,''", "-100,2,Thi",
			"-1,-5,''", "15,15,g", "16,16,''", "17,20,''" })
	void rangeClampsLikeGetrange(long start, long end, String expected) {
		assertThat(s(StringOps.range(b("This is a string"), start, end))).isEqualTo(expected);
	}

	@Test
	void setRangePadsWithZeros() {
		assertThat(StringOps.setRange(b("Hello World"), 6, b("Redis"), 1 << 20)).isEqualTo(b("Hello Redis"));
		assertThat(StringOps.setRange(null, 3, b("x"), 1 << 20)).isEqualTo(new byte[] { 0, 0, 0, 'x' });
		assertThatThrownBy(() -> StringOps.setRange(b("a"), 100, b("x"), 50))
			.hasMessage("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
	}

	@Test
	void integerArithmeticDetectsOverflowAndNonIntegers() {
		assertThat(StringOps.add(StringOps.integerValue(b("41")), 1)).isEqualTo(42);
		assertThat(StringOps.integerValue(null)).isZero();
		assertThatThrownBy(() -> StringOps.add(Long.MAX_VALUE, 1))
			.hasMessage("ERR increment or decrement would overflow");
		assertThatThrownBy(() -> StringOps.integerValue(b("1.5")))
			.hasMessage("ERR value is not an integer or out of range");
		assertThatThrownBy(() -> StringOps.integerValue(b(" 1")))
			.hasMessage("ERR value is not an integer or out of range");
	}

	@Test
	void incrByFloatRejectsInvalidInput() {
		assertThatThrownBy(() -> StringOps.incrByFloat(b("abc"), b("1"))).hasMessage("ERR value is not a valid float");
		assertThatThrownBy(() -> StringOps.incrByFloat(b("1"), b("nan"))).hasMessage("ERR value is not a valid float");
		assertThatThrownBy(() -> StringOps.incrByFloat(b("1"), b("inf")))
			.hasMessage("ERR increment would produce NaN or Infinity");
	}

	@Test
	void lcsFindsSubsequenceAndRangesInRedisOrder() {
		// the example of Redis's LCS documentation
		LcsResult r = StringOps.lcs(b("ohmytext"), b("mynewtext"), 0, Long.MAX_VALUE);
		assertThat(s(r.subsequence())).isEqualTo("mytext");
		assertThat(r.length()).isEqualTo(6);
		assertThat(r.matches()).hasSize(2);
		assertThat(r.matches().get(0)).containsExactly(4, 7, 5, 8, 4);
		assertThat(r.matches().get(1)).containsExactly(2, 3, 0, 1, 2);
		assertThat(StringOps.lcs(b("ohmytext"), b("mynewtext"), 4, Long.MAX_VALUE).matches()).hasSize(1);
		assertThat(StringOps.lcs(b(""), b("abc"), 0, Long.MAX_VALUE).length()).isZero();
	}

}
