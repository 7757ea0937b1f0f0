package io.cachalot.server.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;

import io.netty.buffer.ByteBuf;

/**
 * The keyspace's hash function: a seeded 64-bit multiply-mix over 8-byte words, folded to
 * 32 bits. The seed is random per process so crafted keys cannot force collisions. The top
 * bits choose a stripe, the low bits a bucket in the stripe's table.
 */
public final class KeyHash {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long SEED = ThreadLocalRandom.current().nextLong() | 1;

	private static final long M = 0x9E3779B97F4A7C15L;

	private KeyHash() {
	}

	public static int hash(byte[] key) {
		long h = SEED ^ (key.length * M);
		int i = 0;
		int n = key.length;
		for (; i + 8 <= n; i += 8) {
			h = mix(h ^ (long) LONGS.get(key, i));
		}
		long tail = 0;
		for (int shift = 0; i < n; i++, shift += 8) {
			tail |= (key[i] & 0xFFL) << shift;
		}
		return finish(mix(h ^ tail));
	}

	/** The same hash over a buffer slice, so keys can be routed to stripes without a copy. */
	public static int hash(ByteBuf buf, int index, int length) {
		long h = SEED ^ (length * M);
		int i = 0;
		for (; i + 8 <= length; i += 8) {
			h = mix(h ^ buf.getLongLE(index + i));
		}
		long tail = 0;
		for (int shift = 0; i < length; i++, shift += 8) {
			tail |= (buf.getByte(index + i) & 0xFFL) << shift;
		}
		return finish(mix(h ^ tail));
	}

	private static int finish(long h) {
		h ^= h >>> 29;
		return (int) (h ^ (h >>> 32));
	}

	private static long mix(long h) {
		h *= M;
		h ^= h >>> 32;
		h *= 0xBF58476D1CE4E5B9L;
		return h ^ (h >>> 31);
	}

}
