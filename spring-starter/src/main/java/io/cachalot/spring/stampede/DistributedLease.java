package io.cachalot.spring.stampede;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.types.Expiration;

/**
 * A per-key lease across application instances, so one of them loads a missing value while
 * the others wait for it: {@code SET <lock> <token> NX PX <lease>} to take it, and a Lua
 * compare-and-delete to give it back (only the owner's token releases it). A holder that
 * dies loses the lease when it expires, so nobody waits for it for ever.
 */
public class DistributedLease {

	private static final byte[] RELEASE = ("if redis.call('get', KEYS[1]) == ARGV[1] then "
			+ "return redis.call('del', KEYS[1]) else return 0 end").getBytes(StandardCharsets.UTF_8);

	private final ReactiveRedisConnectionFactory connectionFactory;

	private final Duration leaseTime;

	public DistributedLease(ReactiveRedisConnectionFactory connectionFactory, Duration leaseTime) {
		this.connectionFactory = connectionFactory;
		this.leaseTime = leaseTime;
	}

	/** A fresh owner token. */
	public static String newToken() {
		return UUID.randomUUID().toString();
	}

	/** Whether {@code token} now holds the lease on {@code lockKey}. */
	public Mono<Boolean> tryAcquire(byte[] lockKey, String token) {
		return Mono.usingWhen(Mono.fromSupplier(this.connectionFactory::getReactiveConnection),
				c -> c.stringCommands()
					.set(ByteBuffer.wrap(lockKey), ByteBuffer.wrap(token.getBytes(StandardCharsets.UTF_8)),
							Expiration.from(this.leaseTime), SetOption.ifAbsent())
					.defaultIfEmpty(false),
				ReactiveRedisConnection::closeLater);
	}

	/** Releases the lease if {@code token} still holds it. */
	public Mono<Boolean> release(byte[] lockKey, String token) {
		return Mono.usingWhen(Mono.fromSupplier(this.connectionFactory::getReactiveConnection),
				c -> c.scriptingCommands()
					.eval(ByteBuffer.wrap(RELEASE), ReturnType.INTEGER, 1, ByteBuffer.wrap(lockKey),
							ByteBuffer.wrap(token.getBytes(StandardCharsets.UTF_8)))
					.next()
					.map(released -> ((Long) released) == 1L)
					.defaultIfEmpty(false),
				ReactiveRedisConnection::closeLater);
	}

}
