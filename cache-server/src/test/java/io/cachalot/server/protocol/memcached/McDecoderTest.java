package io.cachalot.server.protocol.memcached;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Framing of memcached requests from input that arrives in pieces. */
class McDecoderTest {

	private final McDecoder decoder = new McDecoder();

	private final McRequest request = new McRequest();

	private final ByteBuf in = Unpooled.buffer();

	private int feed(String text) throws McProtocolException {
		this.in.writeCharSequence(text, StandardCharsets.ISO_8859_1);
		return this.decoder.decode(this.in, this.request, 1024);
	}

	@Test
	void aLineIsFramedOnceItsNewlineArrives() throws Exception {
		assertThat(feed("get a b")).isZero();
		assertThat(feed("\r\n")).isEqualTo(9);
		assertThat(this.request.command()).isEqualTo(McCommand.GET);
		assertThat(this.request.tokenCount()).isEqualTo(3);
		assertThat(this.request.text(2)).isEqualTo("b");
	}

	@Test
	void aBareNewlineAndRepeatedSpacesAreAccepted() throws Exception {
		assertThat(feed("  gets   k  \n")).isEqualTo(13);
		assertThat(this.request.command()).isEqualTo(McCommand.GETS);
		assertThat(this.request.tokenCount()).isEqualTo(2);
	}

	@Test
	void aStorageCommandWaitsForItsWholeDataBlock() throws Exception {
		assertThat(feed("set k 5 60 4 noreply\r\nab")).isZero();
		assertThat(feed("cd\r")).isZero();
		assertThat(feed("\n")).isEqualTo(28);
		assertThat(this.request.error()).isNull();
		assertThat(new String(this.request.data(), StandardCharsets.US_ASCII)).isEqualTo("abcd");
		assertThat(this.request.flags()).isEqualTo(5);
		assertThat(this.request.exptime()).isEqualTo(60);
		assertThat(this.request.noreply()).isTrue();
	}

	@Test
	void aDataBlockWithoutCrlfIsABadChunkOfTheAnnouncedLength() throws Exception {
		assertThat(feed("set k 0 0 2\r\nabcd\r\n")).isEqualTo(17);
		assertThat(this.request.error()).isEqualTo("CLIENT_ERROR bad data chunk");
	}

	@Test
	void anOversizedValueIsRefusedAndSkippedAsItArrives() throws Exception {
		assertThat(feed("set k 0 0 2000\r\n")).isEqualTo(16);
		assertThat(this.request.error()).isEqualTo("SERVER_ERROR object too large for cache");
		assertThat(this.request.swallowed()).isTrue();
		this.in.skipBytes(16);
		assertThat(feed("x".repeat(1500))).isZero();
		assertThat(this.in.readableBytes()).as("nothing of the value is kept").isZero();
		assertThat(this.decoder.inFrame()).isTrue();
		assertThat(feed("x".repeat(500) + "\r\nget k\r\n")).isEqualTo(7);
		assertThat(this.request.command()).isEqualTo(McCommand.GET);
	}

	@Test
	void aBadStorageLineIsRejectedAloneAndItsDataReadAsTheNextLine() throws Exception {
		assertThat(feed("set k x 0 1\r\nv\r\n")).isEqualTo(13);
		assertThat(this.request.error()).isEqualTo("CLIENT_ERROR bad command line format");
		this.in.skipBytes(13);
		assertThat(this.decoder.decode(this.in, this.request, 1024)).isEqualTo(3);
		assertThat(this.request.command()).isNull();
	}

	@Test
	void flagsAreKeptToThirtyTwoBitsAndNegativeOnesRefused() throws Exception {
		assertThat(feed("set k 4294967297 0 1\r\nv\r\n")).isPositive();
		assertThat(this.request.flags()).isEqualTo(1);
		this.in.clear();
		assertThat(feed("set k -1 0 1\r\nv\r\n")).isPositive();
		assertThat(this.request.error()).isEqualTo("CLIENT_ERROR bad command line format");
	}

	@Test
	void aLineThatNeverEndsIsAProtocolError() {
		assertThatThrownBy(() -> feed("set " + "k".repeat(3000))).isInstanceOf(McProtocolException.class);
	}

	@Test
	void retrievalLinesMayBeLong() throws Exception {
		StringBuilder keys = new StringBuilder("get");
		for (int i = 0; i < 1000; i++) {
			keys.append(" key").append(i);
		}
		assertThat(feed(keys.toString())).isZero();
		assertThat(feed("\r\n")).isPositive();
		assertThat(this.request.tokenCount()).isEqualTo(1001);
	}

}
