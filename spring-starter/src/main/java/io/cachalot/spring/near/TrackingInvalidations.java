package io.cachalot.spring.near;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * Keeps a {@link NearCache} coherent with the server through client-side caching: one
 * dedicated RESP3 connection with {@code CLIENT TRACKING ON BCAST PREFIX <key prefix>}, whose
 * {@code invalidate} pushes drop the named keys (a null key list — a flush — drops all).
 * While the connection is down nothing can be trusted: the near cache empties and is bypassed
 * until the connection is back and tracking is on again. A server without tracking (or
 * without RESP3) leaves the near cache off; the starter says so once in the log.
 */
public final class TrackingInvalidations implements AutoCloseable {

	private static final System.Logger LOG = System.getLogger(TrackingInvalidations.class.getName());

	private final NearCache near;

	private final RedisClient client;

	private final String prefix;

	private StatefulRedisConnection<byte[], byte[]> connection;

	private final RedisConnectionStateListener stateListener = new RedisConnectionStateListener() {
		@Override
		public void onRedisConnected(RedisChannelHandler<?, ?> handler, java.net.SocketAddress address) {
			if (handler == TrackingInvalidations.this.connection) {
				// a reconnect: tracking is off on the new connection until asked again
				enableTrackingAsync();
			}
		}

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
			if (handler == TrackingInvalidations.this.connection) {
				TrackingInvalidations.this.near.active(false);
			}
		}
	};

	public TrackingInvalidations(NearCache near, RedisClient client, String prefix) {
		this.near = near;
		this.client = client;
		this.prefix = prefix;
	}

	/** Opens the tracking connection; returns false (and logs why) when the server cannot track. */
	public boolean start() {
		if (this.client == null) {
			LOG.log(System.Logger.Level.WARNING,
					"Near cache off: it needs a standalone Lettuce connection (not cluster or sentinel replicas)");
			return false;
		}
		try {
			this.connection = this.client.connect(ByteArrayCodec.INSTANCE);
			this.connection.addListener((PushListener) this::onPush);
			this.client.addListener(this.stateListener);
			this.connection.sync().clientTracking(TrackingArgs.Builder.enabled().bcast().prefixes(this.prefix));
			this.near.active(true);
			return true;
		}
		catch (RuntimeException ex) {
			LOG.log(System.Logger.Level.WARNING, "Near cache off: the cache server does not support RESP3 client tracking ("
					+ ex.getMessage() + "); every read goes to the server");
			close();
			return false;
		}
	}

	private void enableTrackingAsync() {
		this.connection.async()
			.clientTracking(TrackingArgs.Builder.enabled().bcast().prefixes(this.prefix))
			.whenComplete((ok, error) -> this.near.active(error == null));
	}

	private void onPush(PushMessage message) {
		if (!"invalidate".equals(message.getType())) {
			return;
		}
		List<Object> content = message.getContent();
		Object keys = (content.size() > 1) ? content.get(1) : null;
		if (!(keys instanceof List<?> list)) {
			this.near.invalidateAll();
			return;
		}
		for (Object key : list) {
			this.near.invalidate(text(key));
		}
	}

	private static String text(Object key) {
		if (key instanceof ByteBuffer buffer) {
			return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
		}
		if (key instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		return String.valueOf(key);
	}

	@Override
	public void close() {
		this.near.active(false);
		if (this.client == null) {
			return;
		}
		this.client.removeListener(this.stateListener);
		if (this.connection != null) {
			this.connection.close();
		}
	}

}
