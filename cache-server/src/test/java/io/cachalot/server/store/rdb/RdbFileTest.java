package io.cachalot.server.store.rdb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.cachalot.server.store.Keyspace;
import io.cachalot.server.store.KeyspaceSnapshot;
import io.cachalot.server.store.type.EncodingLimits;
import io.cachalot.server.store.type.HashValue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The RDB file layout without the network: what is written is read back, damage is refused. */
class RdbFileTest {

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private final Keyspace keyspace = new Keyspace(4, 8);

	private void put(int db, String key, Object value, long expireAt) {
		int stripe = this.keyspace.stripeOf(b(key));
		this.keyspace.lockStripe(stripe);
		try {
			this.keyspace.db(db).put(b(key), value, expireAt);
		}
		finally {
			this.keyspace.unlockStripe(stripe);
		}
	}

	private byte[] write(long now) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (KeyspaceSnapshot snapshot = this.keyspace.snapshot()) {
			RdbFile.write(snapshot, List.of(b("#!lua name=lib\nredis.register_function('f', function() return 1 end)")),
					List.<String[]>of(new String[] { "redis-ver", "7.0.15" }), now, out);
		}
		return out.toByteArray();
	}

	@Test
	void whatIsWrittenIsReadBack() throws Exception {
		long now = System.currentTimeMillis();
		put(0, "plain", b("v"), 0);
		put(0, "ttl", b("t"), now + 60_000);
		put(0, "expired", b("x"), now - 1);
		put(2, "other-db", b("o"), 0);
		HashValue hash = new HashValue(EncodingLimits.DEFAULTS);
		hash.put(b("f"), b("v"));
		put(3, "hash", hash, 0);
		int stripe = this.keyspace.stripeOf(b("plain"));
		this.keyspace.lockStripe(stripe);
		try {
			this.keyspace.db(0).clientFlags(b("plain"), 0xCAFE);
		}
		finally {
			this.keyspace.unlockStripe(stripe);
		}
		byte[] file = write(now);
		assertThat(new String(file, 0, 9, StandardCharsets.US_ASCII)).isEqualTo("REDIS0010");
		RdbFile.Contents contents = RdbFile.read(file, 4, EncodingLimits.DEFAULTS, now);
		assertThat(contents.libraries()).hasSize(1);
		assertThat(contents.clientFlags()).singleElement()
			.satisfies(f -> assertThat(new String(f.key(), StandardCharsets.UTF_8) + "=" + f.flags()).isEqualTo("plain=51966"));
		assertThat(contents.entries()).extracting(e -> e.db() + ":" + new String(e.key(), StandardCharsets.UTF_8))
			.containsExactlyInAnyOrder("0:plain", "0:ttl", "2:other-db", "3:hash");
		RdbFile.Entry ttl = contents.entries().stream().filter(e -> new String(e.key()).equals("ttl")).findFirst().orElseThrow();
		assertThat(ttl.expireAt()).isEqualTo(now + 60_000);
		assertThat(RdbFile.read(file, 4, EncodingLimits.DEFAULTS, now + 120_000).entries()).as("expired by load time")
			.hasSize(3);
	}

	@Test
	void damagedOrForeignFilesAreRefused() throws Exception {
		put(0, "k", b("v"), 0);
		put(2, "in-db-2", b("v"), 0);
		byte[] file = write(System.currentTimeMillis());
		byte[] flipped = file.clone();
		flipped[file.length - 12] ^= 1;
		assertThatThrownBy(() -> RdbFile.read(flipped, 4, EncodingLimits.DEFAULTS, 0)).hasMessageContaining("checksum");
		byte[] newer = file.clone();
		newer[8] = '1';
		newer[7] = '1';
		assertThatThrownBy(() -> RdbFile.read(newer, 4, EncodingLimits.DEFAULTS, 0)).hasMessageContaining("version");
		assertThatThrownBy(() -> RdbFile.read(b("NOTREDIS0010"), 4, EncodingLimits.DEFAULTS, 0))
			.hasMessageContaining("signature");
		assertThatThrownBy(() -> RdbFile.read(file, 1, EncodingLimits.DEFAULTS, 0)).as("fewer databases")
			.isInstanceOf(RdbFile.FormatException.class);
		byte[] truncated = java.util.Arrays.copyOf(file, file.length - 20);
		assertThatThrownBy(() -> RdbFile.read(truncated, 4, EncodingLimits.DEFAULTS, 0))
			.isInstanceOf(RdbFile.FormatException.class);
	}

}
