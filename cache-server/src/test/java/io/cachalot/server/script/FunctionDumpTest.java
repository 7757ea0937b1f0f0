package io.cachalot.server.script;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.cachalot.server.command.CommandException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionDumpTest {

	@Test
	void crc64IsRedisJonesVariant() {
		// the check value in Redis's crc64.c
		assertThat(FunctionDump.crc64(0, "123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xe9c6d914c4b8d9caL);
	}

	@Test
	void emptyDumpIsByteForByteRedis70s() {
		// FUNCTION DUMP of a Redis 7.0 without libraries
		byte[] redis = { 0x0a, 0x00, 0x5d, (byte) 0x9b, 0x5c, 0x40, 0x0f, 0x7f, (byte) 0xa2, (byte) 0xda };
		assertThat(FunctionDump.encode(List.of())).isEqualTo(redis);
		assertThat(FunctionDump.decode(redis)).isEmpty();
	}

	@Test
	void librariesRoundTripAtEveryLengthEncoding() {
		List<byte[]> codes = List.of("#!lua name=a\n".getBytes(StandardCharsets.UTF_8), "x".repeat(100).getBytes(),
				"y".repeat(20_000).getBytes());
		List<byte[]> back = FunctionDump.decode(FunctionDump.encode(codes));
		assertThat(back).hasSize(3);
		for (int i = 0; i < 3; i++) {
			assertThat(back.get(i)).isEqualTo(codes.get(i));
		}
	}

	@Test
	void lzfStringsDecompress() {
		// "abcabcabc": three literals then a back reference of length 6 at distance 3
		byte[] compressed = { 2, 'a', 'b', 'c', (byte) (4 << 5), 2 };
		assertThat(FunctionDump.lzfDecompress(compressed, 0, compressed.length, 9)).isEqualTo("abcabcabc".getBytes());
	}

	@Test
	void damagedPayloadsAreRefused() {
		byte[] dump = FunctionDump.encode(List.of("#!lua name=a\nreturn 1".getBytes()));
		byte[] damaged = dump.clone();
		damaged[5] ^= 0x20;
		assertThatThrownBy(() -> FunctionDump.decode(damaged)).isInstanceOf(CommandException.class)
			.hasMessage("ERR DUMP payload version or checksum are wrong");
		assertThatThrownBy(() -> FunctionDump.decode(new byte[3])).isInstanceOf(CommandException.class);
	}

}
