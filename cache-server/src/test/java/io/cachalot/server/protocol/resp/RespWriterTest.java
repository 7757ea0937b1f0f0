package io.cachalot.server.protocol.resp;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RespWriterTest {

	private static String write(int protocol, Consumer<RespWriter> body) {
		ByteBuf out = Unpooled.buffer();
		RespWriter w = new RespWriter();
		w.target(out);
		w.protocol(protocol);
		body.accept(w);
		return out.toString(StandardCharsets.UTF_8);
	}

	@Test
	void scalarsInBothProtocols() {
		assertThat(write(2, w -> w.ok())).isEqualTo("+OK\r\n");
		assertThat(write(2, w -> w.integer(-42))).isEqualTo(":-42\r\n");
		assertThat(write(2, w -> w.integer(7))).isEqualTo(":7\r\n");
		assertThat(write(2, w -> w.bulk("héllo"))).isEqualTo("$6\r\nhéllo\r\n");
		assertThat(write(2, w -> w.error("ERR x\ny"))).isEqualTo("-ERR x y\r\n");
		assertThat(write(2, RespWriter::nullBulk)).isEqualTo("$-1\r\n");
		assertThat(write(3, RespWriter::nullBulk)).isEqualTo("_\r\n");
		assertThat(write(2, RespWriter::nullArray)).isEqualTo("*-1\r\n");
		assertThat(write(3, RespWriter::nullArray)).isEqualTo("_\r\n");
		assertThat(write(2, w -> w.doubleValue(1.5))).isEqualTo("$3\r\n1.5\r\n");
		assertThat(write(3, w -> w.doubleValue(Double.NEGATIVE_INFINITY))).isEqualTo(",-inf\r\n");
		assertThat(write(2, w -> w.bool(true))).isEqualTo(":1\r\n");
		assertThat(write(3, w -> w.bool(false))).isEqualTo("#f\r\n");
		assertThat(write(3, w -> w.bigNumber("123456789012345678901234567890")))
			.isEqualTo("(123456789012345678901234567890\r\n");
		assertThat(write(2, w -> w.bigNumber("12"))).isEqualTo("$2\r\n12\r\n");
		assertThat(write(3, w -> w.verbatim("a\n"))).isEqualTo("=6\r\ntxt:a\n\r\n");
	}

	@Test
	void aggregatesInBothProtocols() {
		assertThat(write(2, w -> w.map(2))).isEqualTo("*4\r\n");
		assertThat(write(3, w -> w.map(2))).isEqualTo("%2\r\n");
		assertThat(write(2, w -> w.set(3))).isEqualTo("*3\r\n");
		assertThat(write(3, w -> w.set(3))).isEqualTo("~3\r\n");
		assertThat(write(3, w -> w.push(2))).isEqualTo(">2\r\n");
		assertThat(write(2, w -> w.push(2))).isEqualTo("*2\r\n");
	}

}
