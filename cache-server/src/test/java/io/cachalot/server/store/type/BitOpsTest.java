package io.cachalot.server.store.type;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import io.cachalot.server.store.type.BitOps.Overflow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected figures were read from redis-server 7.0 for the value "foobar". */
class BitOpsTest {

	private static final byte[] FOOBAR = "foobar".getBytes(StandardCharsets.US_ASCII);

	@Test
	void bitsAreNumberedFromTheMostSignificantBit() {
		byte[] v = BitOps.setBit(null, 7, 1);
		assertThat(v).containsExactly(1);
		assertThat(BitOps.getBit(v, 7)).isOne();
		assertThat(BitOps.getBit(v, 0)).isZero();
		assertThat(BitOps.setBit(v, 0, 1)).containsExactly((byte) 0x81);
		assertThat(v).containsExactly(1);
	}

	@Test
	void countAndPositionFollowRedis() {
		assertThat(BitOps.count(FOOBAR, 0, -1, false)).isEqualTo(26);
		assertThat(BitOps.count(FOOBAR, 1, 1, false)).isEqualTo(6);
		assertThat(BitOps.count(FOOBAR, 5, 30, true)).isEqualTo(17);
		assertThat(BitOps.position(FOOBAR, 1, 0, -1, false, false)).isEqualTo(1);
		assertThat(BitOps.position(FOOBAR, 1, 2, -1, true, true)).isEqualTo(2);
		assertThat(BitOps.position(new byte[] { (byte) 0xFF }, 0, 0, -1, false, false)).isEqualTo(8);
		assertThat(BitOps.position(new byte[] { (byte) 0xFF }, 0, 0, -1, true, false)).isEqualTo(-1);
	}

	@Test
	void bitfieldsReadWriteAndOverflow() {
		assertThat(BitOps.getUnsigned(FOOBAR, 0, 4)).isEqualTo(6);
		assertThat(BitOps.getSigned(FOOBAR, 8, 8)).isEqualTo(111);
		byte[] v = BitOps.setBits(null, 4, 8, 0xAB);
		assertThat(BitOps.getUnsigned(v, 4, 8)).isEqualTo(0xAB);
		assertThat(BitOps.fit(BigInteger.valueOf(300), 8, false, Overflow.WRAP)).isEqualTo(44);
		assertThat(BitOps.fit(BigInteger.valueOf(300), 8, false, Overflow.SAT)).isEqualTo(255);
		assertThat(BitOps.fit(BigInteger.valueOf(300), 8, false, Overflow.FAIL)).isNull();
		assertThat(BitOps.fit(BigInteger.valueOf(200), 8, true, Overflow.WRAP)).isEqualTo(-56);
		assertThat(BitOps.fit(BigInteger.valueOf(-200), 8, true, Overflow.SAT)).isEqualTo(-128);
	}

	@Test
	void combineSources() {
		byte[][] sources = { { 0x0F, 0x01 }, { (byte) 0xF0 }, null };
		assertThat(BitOps.combine("OR", sources)).containsExactly((byte) 0xFF, 0x01);
		assertThat(BitOps.combine("AND", sources)).containsExactly(0, 0);
		assertThat(BitOps.combine("XOR", new byte[][] { { 0x0F }, { 0x01 } })).containsExactly(0x0E);
		assertThat(BitOps.combine("NOT", new byte[][] { { 0x0F } })).containsExactly((byte) 0xF0);
	}

}
