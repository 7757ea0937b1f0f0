package io.cachalot.server.script;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.cachalot.server.command.CommandException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FUNCTION DUMP payloads (the CRC-64 and LZF underneath are tested in {@code ValueCodecTest}). */
class FunctionDumpTest {

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
	void damagedPayloadsAreRefused() {
		byte[] dump = FunctionDump.encode(List.of("#!lua name=a\nreturn 1".getBytes()));
		byte[] damaged = dump.clone();
		damaged[5] ^= 0x20;
		assertThatThrownBy(() -> FunctionDump.decode(damaged)).isInstanceOf(CommandException.class)
			.hasMessage("ERR DUMP payload version or checksum are wrong");
		assertThatThrownBy(() -> FunctionDump.decode(new byte[3])).isInstanceOf(CommandException.class);
	}

}
