package io.cachalot.server.util;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class GlobTest {

	@ParameterizedTest
	@CsvSource({ "*,anything,true", "h?llo,hello,true", "h?llo,hllo,false", "h*llo,heeeello,true",
			"h[ae]llo,hallo,true", "h[ae]llo,hillo,false", "h[^e]llo,hallo,true", "h[^e]llo,hello,false",
			"h[a-b]llo,hbllo,true", "h[a-b]llo,hcllo,false", "h\\*llo,h*llo,true", "h\\*llo,hello,false",
			"user:*:name,user:42:name,true", "user:*:name,user:42:age,false", "maxmemory*,maxmemory-policy,true",
			"*a*b*c,xxaxxbxxc,true", "*a*b*c,xxaxxbxx,false", "[,[,false" })
	void matchesLikeRedis(String pattern, String text, boolean expected) {
		assertThat(Glob.matches(pattern, text)).isEqualTo(expected);
	}

}
