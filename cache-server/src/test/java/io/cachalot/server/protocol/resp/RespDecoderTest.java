package io.cachalot.server.protocol.resp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RespDecoderTest {

	private static final long MAX_BULK = 512L * 1024 * 1024;

	/** Decodes every complete command in {@code input} at once. */
	private static List<List<String>> decodeAll(RespDecoder decoder, ByteBuf buf) {
		List<List<String>> commands = new ArrayList<>();
		CommandArgs args = new CommandArgs();
		while (buf.isReadable()) {
			int size = decoder.decode(buf, args);
			if (size == 0) {
				break;
			}
			if (size > 0) {
				List<String> cmd = new ArrayList<>();
				for (int i = 0; i < args.count(); i++) {
					cmd.add(args.string(i));
				}
				commands.add(cmd);
			}
			buf.skipBytes(Math.abs(size));
		}
		return commands;
	}

	private static ByteBuf buf(String s) {
		return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
	}

	@Test
	void decodesMultibulkFrame() {
		List<List<String>> cmds = decodeAll(new RespDecoder(MAX_BULK), buf("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n"));
		assertThat(cmds).containsExactly(List.of("SET", "key", "value"));
	}

	@Test
	void decodesPipelinedFramesAndBinaryArguments() {
		String frame = "*2\r\n$3\r\nGET\r\n$4\r\na\r\nb\r\n";
		List<List<String>> cmds = decodeAll(new RespDecoder(MAX_BULK), buf(frame + frame + "*1\r\n$4\r\nPING\r\n"));
		assertThat(cmds).containsExactly(List.of("GET", "a\r\nb"), List.of("GET", "a\r\nb"), List.of("PING"));
	}

	@Test
	void emptyBulkAndEmptyMultibulkAreAccepted() {
		List<List<String>> cmds = decodeAll(new RespDecoder(MAX_BULK), buf("*0\r\n*-1\r\n*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"));
		assertThat(cmds).containsExactly(List.of("ECHO", ""));
	}

	@Test
	void decodesInlineCommandsWithQuotes() {
		List<List<String>> cmds = decodeAll(new RespDecoder(MAX_BULK),
				buf("PING\r\nSET k \"a b\\n\\x41\"\n  \r\n"));
		assertThat(cmds).hasSize(2);
		assertThat(cmds.get(0)).containsExactly("PING");
		assertThat(cmds.get(1)).containsExactly("SET", "k", "a b\nA");
	}

	@Test
	void frameSplitAtEveryByteDecodesIdentically() {
		String frames = "*3\r\n$3\r\nSET\r\n$10\r\nkey:000001\r\n$12\r\nhello\r\nworld\r\n" + "PING extra\r\n"
				+ "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n";
		byte[] bytes = frames.getBytes(StandardCharsets.ISO_8859_1);
		List<List<String>> expected = decodeAll(new RespDecoder(MAX_BULK), Unpooled.wrappedBuffer(bytes));
		assertThat(expected).hasSize(3);
		for (int split = 1; split < bytes.length; split++) {
			for (int second = split; second < bytes.length; second += 7) {
				RespDecoder decoder = new RespDecoder(MAX_BULK);
				ByteBuf cumulation = Unpooled.buffer();
				List<List<String>> got = new ArrayList<>();
				int[] cuts = { 0, split, second, bytes.length };
				for (int c = 0; c < 3; c++) {
					cumulation.writeBytes(bytes, cuts[c], cuts[c + 1] - cuts[c]);
					got.addAll(decodeAll(decoder, cumulation));
					cumulation.discardReadBytes();
				}
				assertThat(got).as("split at %d and %d", split, second).isEqualTo(expected);
			}
		}
	}

	@Test
	void incompleteFrameWaitsWithoutConsuming() {
		RespDecoder decoder = new RespDecoder(MAX_BULK);
		ByteBuf buf = buf("*2\r\n$3\r\nGET\r\n$5\r\nab");
		assertThat(decoder.decode(buf, new CommandArgs())).isZero();
		assertThat(buf.readerIndex()).isZero();
		assertThat(decoder.inFrame()).isTrue();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"*abc\\r\\n|Protocol error: invalid multibulk length",
			"*-5x\\r\\n|Protocol error: invalid multibulk length",
			"*99999999999999999999999\\r\\n|Protocol error: invalid multibulk length",
			"*3000000000\\r\\n|Protocol error: invalid multibulk length",
			"*01\\r\\n|Protocol error: invalid multibulk length",
			"*1\\r\\n:5\\r\\n|Protocol error: expected '$', got ':'",
			"*1\\r\\n$-1\\r\\n|Protocol error: invalid bulk length",
			"*1\\r\\n$abc\\r\\n|Protocol error: invalid bulk length",
			"*1\\r\\n$+3\\r\\n|Protocol error: invalid bulk length",
			"*1\\r\\n$\\r\\n|Protocol error: invalid bulk length",
			"*1\\r\\n$536870913\\r\\n|Protocol error: invalid bulk length",
			"*1\\r\\n$99999999999999999999\\r\\n|Protocol error: invalid bulk length",
			"SET ^a b|Protocol error: unbalanced quotes in request",
			"SET 'a|Protocol error: unbalanced quotes in request",
			"SET ^a^b\\r\\n|Protocol error: unbalanced quotes in request",
			"SET 'it''s' x\\r\\n|Protocol error: unbalanced quotes in request" })
	void malformedFramesAreRejectedWithRedisErrors(String escaped, String error) {
		String input = escaped.replace("\\r\\n", "\r\n").replace('^', '"');
		String frame = input.endsWith("\n") || input.startsWith("*") ? input : input + "\r\n";
		assertThatThrownBy(() -> decodeAll(new RespDecoder(MAX_BULK), buf(frame))).isInstanceOf(ProtocolException.class)
			.hasMessage(error);
	}

	@Test
	void overlongHeaderLinesAreRejected() {
		String digits = "1".repeat(RespDecoder.MAX_INLINE + 10);
		assertThatThrownBy(() -> decodeAll(new RespDecoder(MAX_BULK), buf("*" + digits)))
			.hasMessage("Protocol error: too big mbulk count string");
		assertThatThrownBy(() -> decodeAll(new RespDecoder(MAX_BULK), buf("*1\r\n$" + digits)))
			.hasMessage("Protocol error: too big bulk count string");
		assertThatThrownBy(() -> decodeAll(new RespDecoder(MAX_BULK), buf("PING " + digits)))
			.hasMessage("Protocol error: too big inline request");
	}

	@Test
	void bulkLongerThanProtoMaxBulkLenIsRejectedBeforeItArrives() {
		RespDecoder decoder = new RespDecoder(1024);
		assertThatThrownBy(() -> decodeAll(decoder, buf("*2\r\n$3\r\nSET\r\n$1025\r\n")))
			.hasMessage("Protocol error: invalid bulk length");
	}

	@Test
	void unauthenticatedClientsGetSmallFrameLimits() {
		RespDecoder decoder = new RespDecoder(MAX_BULK);
		decoder.authenticated(false);
		assertThatThrownBy(() -> decodeAll(decoder, buf("*11\r\n")))
			.hasMessage("Protocol error: unauthenticated multibulk length");
		RespDecoder decoder2 = new RespDecoder(MAX_BULK);
		decoder2.authenticated(false);
		assertThatThrownBy(() -> decodeAll(decoder2, buf("*2\r\n$4\r\nAUTH\r\n$16385\r\n")))
			.hasMessage("Protocol error: unauthenticated bulk length");
	}

	@Test
	void largeArgumentCountsGrowTheOffsetTables() {
		StringBuilder sb = new StringBuilder("*5001\r\n$4\r\nMSET\r\n");
		for (int i = 0; i < 5000; i++) {
			String v = Integer.toString(i);
			sb.append('$').append(v.length()).append("\r\n").append(v).append("\r\n");
		}
		List<List<String>> cmds = decodeAll(new RespDecoder(MAX_BULK), buf(sb.toString()));
		assertThat(cmds).hasSize(1);
		assertThat(cmds.get(0)).hasSize(5001).endsWith("4999");
	}

}
