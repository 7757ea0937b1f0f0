package io.cachalot.server.store.rdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.store.type.EncodingLimits;
import io.cachalot.server.store.type.HashValue;
import io.cachalot.server.store.type.ListValue;
import io.cachalot.server.store.type.SetValue;
import io.cachalot.server.store.type.ZSetValue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Redis's serialization format without the network: checksums, packed encodings, round trips. */
class ValueCodecTest {

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] bytes(int... values) {
		byte[] out = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			out[i] = (byte) values[i];
		}
		return out;
	}

	@Test
	void crc64IsRedisJonesVariant() {
		byte[] check = b("123456789");
		assertThat(Crc64.update(0, check, 0, check.length)).isEqualTo(0xe9c6d914c4b8d9caL);
	}

	@Test
	void lzfLiteralsAndBackReferences() {
		// "abc" as a literal run, then a back reference of length 6 at distance 3: "abcabcabc"
		byte[] compressed = bytes(0x02, 'a', 'b', 'c', (4 << 5) | 0, 0x02);
		assertThat(new String(Lzf.decompress(compressed, 9), StandardCharsets.US_ASCII)).isEqualTo("abcabcabc");
		assertThatThrownBy(() -> Lzf.decompress(compressed, 10)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void listpackEntriesOfEveryEncoding() {
		// 7-bit 5, 6-bit string "hi", 13-bit -1, int16 -300, int24 100000, int32 -2^31, int64 2^40
		byte[] entries = bytes(0x05, 0x01, 0x82, 'h', 'i', 0x03, 0xDF, 0xFF, 0x02, 0xF1, 0xD4, 0xFE, 0x03,
				0xF2, 0xA0, 0x86, 0x01, 0x04, 0xF3, 0x00, 0x00, 0x00, 0x80, 0x05,
				0xF4, 0, 0, 0, 0, 0, 1, 0, 0, 0x09);
		byte[] lp = new byte[6 + entries.length + 1];
		int total = lp.length;
		lp[0] = (byte) total;
		lp[4] = 7;
		System.arraycopy(entries, 0, lp, 6, entries.length);
		lp[total - 1] = (byte) 0xFF;
		List<String> seen = new ArrayList<>();
		PackedEncodings.forEachListpackEntry(lp, e -> seen.add(new String(e, StandardCharsets.US_ASCII)));
		assertThat(seen).containsExactly("5", "hi", "-1", "-300", "100000", "-2147483648", "1099511627776");
	}

	/** What the listpack writer encodes, the reader reads back: every integer width, strings across back-length sizes. */
	@Test
	void listpacksRoundTrip() {
		long[] numbers = { 0, 127, 128, -1, -4096, 4095, 4096, -32768, 32767, 40000, -8388608, 8388607, 1L << 31,
				Long.MIN_VALUE, Long.MAX_VALUE };
		int[] lengths = { 0, 63, 64, 125, 126, 127, 4095, 4096, 16380, 16381, 16382, 20000 };
		PackedEncodings.ListpackWriter writer = new PackedEncodings.ListpackWriter();
		List<String> expected = new ArrayList<>();
		for (long n : numbers) {
			writer.integer(n);
			expected.add(Long.toString(n));
		}
		for (int length : lengths) {
			String s = "s".repeat(length);
			writer.string(b(s));
			expected.add(s);
		}
		List<String> seen = new ArrayList<>();
		PackedEncodings.forEachListpackEntry(writer.toByteArray(), e -> seen.add(new String(e, StandardCharsets.US_ASCII)));
		assertThat(seen).containsExactlyElementsOf(expected);
	}

	@Test
	void intsetsOfEachWidth() {
		List<String> seen = new ArrayList<>();
		PackedEncodings.forEachIntsetMember(bytes(2, 0, 0, 0, 2, 0, 0, 0, 0xFF, 0xFF, 0x07, 0x00), m -> seen.add(new String(m)));
		PackedEncodings.forEachIntsetMember(bytes(8, 0, 0, 0, 1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F),
				m -> seen.add(new String(m)));
		assertThat(seen).containsExactly("-1", "7", "9223372036854775807");
		assertThatThrownBy(() -> PackedEncodings.forEachIntsetMember(bytes(3, 0, 0, 0, 0, 0, 0, 0), m -> { }))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void everyTypeRoundTrips() throws Exception {
		EncodingLimits limits = EncodingLimits.DEFAULTS;
		assertThat((byte[]) ValueCodec.restore(ValueCodec.dump(b("value")), limits)).isEqualTo(b("value"));
		ListValue list = new ListValue(limits);
		for (int i = 0; i < 1000; i++) {
			list.pushRight(b("e" + i));
		}
		assertThat(((ListValue) ValueCodec.restore(ValueCodec.dump(list), limits)).range(0, -1))
			.containsExactlyElementsOf(list.range(0, -1));
		SetValue set = new SetValue(limits);
		set.add(b("1"));
		set.add(b("x"));
		assertThat(((SetValue) ValueCodec.restore(ValueCodec.dump(set), limits)).members()).hasSize(2);
		HashValue hash = new HashValue(limits);
		hash.put(b("f"), b("v"));
		assertThat(((HashValue) ValueCodec.restore(ValueCodec.dump(hash), limits)).get(b("f"))).isEqualTo(b("v"));
		ZSetValue zset = new ZSetValue(limits);
		zset.put(b("m"), Double.NEGATIVE_INFINITY);
		zset.put(b("n"), 2.5);
		ZSetValue back = (ZSetValue) ValueCodec.restore(ValueCodec.dump(zset), limits);
		assertThat(back.score(b("m"))).isEqualTo(Double.NEGATIVE_INFINITY);
		assertThat(back.score(b("n"))).isEqualTo(2.5);
	}

	/**
	 * Damaged payloads — a byte changed, the checksum made to match — fail as a format error,
	 * never as another exception or an allocation the payload merely claims.
	 */
	@Test
	void randomDamageIsAFormatErrorNeverACrash() {
		EncodingLimits limits = EncodingLimits.DEFAULTS;
		io.cachalot.server.store.type.StreamValue stream = new io.cachalot.server.store.type.StreamValue();
		for (int i = 1; i <= 30; i++) {
			stream.append(new io.cachalot.server.store.type.StreamValue.Id(i, 0), new byte[][] { b("f"), b("v" + i) });
		}
		stream.createGroup("g", new io.cachalot.server.store.type.StreamValue.Id(3, 0), 3);
		ListValue list = new ListValue(limits);
		for (int i = 0; i < 50; i++) {
			list.pushRight(b("element " + i));
		}
		List<byte[]> payloads = List.of(ValueCodec.dump(b("x".repeat(300))), ValueCodec.dump(list),
				ValueCodec.dump(stream));
		java.util.Random random = new java.util.Random(17);
		int formatErrors = 0;
		for (int round = 0; round < 3_000; round++) {
			byte[] payload = payloads.get(round % payloads.size()).clone();
			int body = payload.length - 10;
			for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
				payload[random.nextInt(body)] = (byte) random.nextInt(256);
			}
			long crc = Crc64.update(0, payload, 0, body + 2);
			for (int i = 0; i < 8; i++) {
				payload[body + 2 + i] = (byte) (crc >>> (8 * i));
			}
			try {
				ValueCodec.restore(payload, limits);
			}
			catch (ValueCodec.FormatException ex) {
				formatErrors++;
			}
		}
		assertThat(formatErrors).as("most damage is detected").isGreaterThan(300);
	}

	@Test
	void damagedPayloadsAreRefused() {
		byte[] payload = ValueCodec.dump(b("value"));
		byte[] flipped = payload.clone();
		flipped[3] ^= 1;
		assertThatThrownBy(() -> ValueCodec.restore(flipped, EncodingLimits.DEFAULTS))
			.isInstanceOfSatisfying(ValueCodec.FormatException.class, ex -> assertThat(ex.checksum()).isTrue());
		byte[] newer = payload.clone();
		newer[payload.length - 10] = 11;
		assertThatThrownBy(() -> ValueCodec.restore(newer, EncodingLimits.DEFAULTS))
			.isInstanceOfSatisfying(ValueCodec.FormatException.class, ex -> assertThat(ex.checksum()).isTrue());
		// a valid checksum over a value that does not parse
		byte[] unknownType = bytes(42, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0);
		long crc = Crc64.update(0, unknownType, 0, 4);
		for (int i = 0; i < 8; i++) {
			unknownType[4 + i] = (byte) (crc >>> (8 * i));
		}
		assertThatThrownBy(() -> ValueCodec.restore(unknownType, EncodingLimits.DEFAULTS))
			.isInstanceOfSatisfying(ValueCodec.FormatException.class, ex -> assertThat(ex.checksum()).isFalse());
	}

}
