package io.cachalot.spring.cache;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanStream;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.reactive.RedisAdvancedClusterReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.types.Expiration;

/**
 * The handful of Redis commands a cache needs, non-blocking, over Spring Data Redis's reactive
 * connection (the Lettuce connection Boot configures, shared). Clearing a cache pages through
 * its keys with SCAN and deletes them with UNLINK in batches — never KEYS — on every master of
 * a cluster too.
 */
public class RedisCacheStore implements AutoCloseable {

	private static final int CLEAR_BATCH = 500;

	private final ReactiveRedisConnectionFactory connectionFactory;

	/** On a Redis cluster: a connection of Lettuce's cluster client, whose SCAN walks every node. */
	private volatile StatefulRedisClusterConnection<byte[], byte[]> clusterConnection;

	public RedisCacheStore(ReactiveRedisConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	/** Lettuce's cluster client when the connection is to a cluster, else null. */
	private RedisClusterClient clusterClient() {
		if (this.connectionFactory instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware()
				&& lettuce.getNativeClient() instanceof RedisClusterClient cluster) {
			return cluster;
		}
		return null;
	}

	private <T> Mono<T> withConnection(Function<ReactiveRedisConnection, Mono<T>> action) {
		return Mono.usingWhen(Mono.fromSupplier(this.connectionFactory::getReactiveConnection), action,
				ReactiveRedisConnection::closeLater);
	}

	/** GET: the stored bytes, or empty. */
	public Mono<byte[]> get(byte[] key) {
		return withConnection(c -> c.stringCommands().get(ByteBuffer.wrap(key)).map(RedisCacheStore::bytes));
	}

	/** SET with an optional TTL. */
	public Mono<Boolean> set(byte[] key, byte[] value, Duration ttl) {
		return withConnection(c -> c.stringCommands()
			.set(ByteBuffer.wrap(key), ByteBuffer.wrap(value), expiration(ttl), SetOption.upsert()));
	}

	/** SET NX with an optional TTL: whether it was stored. */
	public Mono<Boolean> setIfAbsent(byte[] key, byte[] value, Duration ttl) {
		return withConnection(c -> c.stringCommands()
			.set(ByteBuffer.wrap(key), ByteBuffer.wrap(value), expiration(ttl), SetOption.ifAbsent()));
	}

	/** UNLINK of one key: whether it existed. */
	public Mono<Boolean> delete(byte[] key) {
		return withConnection(c -> c.keyCommands().unlink(ByteBuffer.wrap(key)).map(n -> n > 0));
	}

	/**
	 * Deletes every key matching {@code pattern} (SCAN + UNLINK in batches); returns how many.
	 * On a cluster the scan goes through every master (Spring Data's reactive SCAN does not)
	 * and UNLINK is split by slot.
	 */
	public Mono<Long> deleteMatching(String pattern) {
		RedisClusterClient cluster = clusterClient();
		if (cluster != null) {
			return Mono.defer(() -> {
				RedisAdvancedClusterReactiveCommands<byte[], byte[]> commands = clusterConnection(cluster).reactive();
				return ScanStream.scan(commands, ScanArgs.Builder.matches(pattern).limit(1000))
					.buffer(CLEAR_BATCH)
					.concatMap(keys -> commands.unlink(keys.toArray(new byte[0][])))
					.reduce(0L, Long::sum);
			});
		}
		ScanOptions options = ScanOptions.scanOptions().match(pattern).count(1000).build();
		return withConnection(c -> c.keyCommands()
			.scan(options)
			.buffer(CLEAR_BATCH)
			.concatMap((List<ByteBuffer> keys) -> c.keyCommands().mUnlink(keys))
			.reduce(0L, Long::sum));
	}

	/** PING, for health. */
	public Mono<String> ping() {
		return withConnection(c -> c.ping());
	}

	/** INFO, for server-side metrics. */
	public Mono<java.util.Properties> info() {
		return withConnection(c -> c.serverCommands().info());
	}

	private StatefulRedisClusterConnection<byte[], byte[]> clusterConnection(RedisClusterClient cluster) {
		StatefulRedisClusterConnection<byte[], byte[]> c = this.clusterConnection;
		if (c == null) {
			synchronized (this) {
				c = this.clusterConnection;
				if (c == null) {
					c = cluster.connect(ByteArrayCodec.INSTANCE);
					this.clusterConnection = c;
				}
			}
		}
		return c;
	}

	@Override
	public void close() {
		StatefulRedisClusterConnection<byte[], byte[]> c = this.clusterConnection;
		if (c != null) {
			c.close();
		}
	}

	private static Expiration expiration(Duration ttl) {
		return (ttl == null) ? Expiration.persistent() : Expiration.from(ttl);
	}

	static byte[] bytes(ByteBuffer buffer) {
		byte[] b = new byte[buffer.remaining()];
		buffer.get(b);
		return b;
	}

}
