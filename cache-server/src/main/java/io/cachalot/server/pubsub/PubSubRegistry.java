package io.cachalot.server.pubsub;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.cachalot.server.util.Glob;

/**
 * Who listens to what, server-wide: channel, pattern and shard-channel subscribers, and the
 * fan-out of PUBLISH / SPUBLISH (and, through {@link #publish}, keyspace notifications).
 *
 * <p>Publishing runs on the publisher's thread and only hands each receiver a
 * {@link Message}; the receiver writes it on its own event loop ({@link Subscriber#deliver}),
 * so a message never interleaves with another client's reply and a slow subscriber never
 * holds up the publisher — its pending bytes count against {@code client-output-buffer-limit
 * pubsub} and it is disconnected at the limit. The per-connection view (what one client is
 * subscribed to, for reply counts and UNSUBSCRIBE without arguments) is {@link Subscriptions}.
 */
public final class PubSubRegistry {

	/** A connection that can receive messages. */
	public interface Subscriber {

		/** Queues a message for the client, to be written on its own event loop. */
		void deliver(Message message);

	}

	/**
	 * What a subscriber receives: {@code message}, {@code pmessage} (with its pattern) or
	 * {@code smessage}. Its wire form is encoded once per protocol and shared by every
	 * receiver, so a fan-out to many subscribers copies bytes instead of re-encoding.
	 */
	public static final class Message {

		private final String kind;

		private final byte[] pattern;

		private final byte[] channel;

		private final byte[] payload;

		private volatile byte[] resp2;

		private volatile byte[] resp3;

		public Message(String kind, byte[] pattern, byte[] channel, byte[] payload) {
			this.kind = kind;
			this.pattern = pattern;
			this.channel = channel;
			this.payload = payload;
		}

		public String kind() {
			return this.kind;
		}

		public byte[] pattern() {
			return this.pattern;
		}

		public byte[] channel() {
			return this.channel;
		}

		public byte[] payload() {
			return this.payload;
		}

		/** Approximate bytes on the wire, for output-buffer accounting. */
		public int size() {
			return 32 + ((this.pattern != null) ? this.pattern.length : 0) + this.channel.length + this.payload.length;
		}

		/** The frame as sent to a client of {@code protocol}: a RESP2 array or a RESP3 push. */
		public byte[] frame(int protocol) {
			byte[] f = (protocol == 3) ? this.resp3 : this.resp2;
			if (f == null) {
				f = encode(protocol);
				if (protocol == 3) {
					this.resp3 = f;
				}
				else {
					this.resp2 = f;
				}
			}
			return f;
		}

		private byte[] encode(int protocol) {
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(size() + 32);
			int parts = (this.pattern != null) ? 4 : 3;
			ascii(out, ((protocol == 3) ? ">" : "*") + parts + "\r\n");
			bulk(out, this.kind.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			if (this.pattern != null) {
				bulk(out, this.pattern);
			}
			bulk(out, this.channel);
			bulk(out, this.payload);
			return out.toByteArray();
		}

		private static void bulk(java.io.ByteArrayOutputStream out, byte[] value) {
			ascii(out, "$" + value.length + "\r\n");
			out.writeBytes(value);
			ascii(out, "\r\n");
		}

		private static void ascii(java.io.ByteArrayOutputStream out, String text) {
			out.writeBytes(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		}

	}

	private final Map<ByteBuffer, Set<Subscriber>> channels = new ConcurrentHashMap<>();

	private final Map<ByteBuffer, Set<Subscriber>> patterns = new ConcurrentHashMap<>();

	private final Map<ByteBuffer, Set<Subscriber>> shardChannels = new ConcurrentHashMap<>();

	/** A kind of subscription and its map. */
	public enum Kind {

		CHANNEL, PATTERN, SHARD

	}

	private Map<ByteBuffer, Set<Subscriber>> map(Kind kind) {
		return switch (kind) {
			case CHANNEL -> this.channels;
			case PATTERN -> this.patterns;
			case SHARD -> this.shardChannels;
		};
	}

	void add(Kind kind, byte[] name, Subscriber subscriber) {
		// add inside compute: atomic against a concurrent unsubscribe removing the emptied set
		map(kind).compute(ByteBuffer.wrap(name.clone()), (k, set) -> {
			Set<Subscriber> s = (set != null) ? set : ConcurrentHashMap.newKeySet();
			s.add(subscriber);
			return s;
		});
	}

	void remove(Kind kind, byte[] name, Subscriber subscriber) {
		map(kind).computeIfPresent(ByteBuffer.wrap(name), (k, set) -> {
			set.remove(subscriber);
			return set.isEmpty() ? null : set;
		});
	}

	/** PUBLISH: delivers to the channel's subscribers and every matching pattern's; returns the receivers. */
	public long publish(byte[] channel, byte[] payload) {
		long receivers = 0;
		Set<Subscriber> direct = this.channels.get(ByteBuffer.wrap(channel));
		if (direct != null) {
			Message m = new Message("message", null, channel, payload);
			for (Subscriber s : direct) {
				s.deliver(m);
				receivers++;
			}
		}
		for (Map.Entry<ByteBuffer, Set<Subscriber>> e : this.patterns.entrySet()) {
			byte[] pattern = bytes(e.getKey());
			if (Glob.matches(pattern, channel, false)) {
				Message m = new Message("pmessage", pattern, channel, payload);
				for (Subscriber s : e.getValue()) {
					s.deliver(m);
					receivers++;
				}
			}
		}
		return receivers;
	}

	/** SPUBLISH: delivers to the shard channel's subscribers; returns how many. */
	public long publishShard(byte[] channel, byte[] payload) {
		Set<Subscriber> subscribers = this.shardChannels.get(ByteBuffer.wrap(channel));
		if (subscribers == null) {
			return 0;
		}
		Message m = new Message("smessage", null, channel, payload);
		for (Subscriber s : subscribers) {
			s.deliver(m);
		}
		return subscribers.size();
	}

	/** PUBSUB CHANNELS / SHARDCHANNELS: active channels matching {@code pattern} (null: all). */
	public List<byte[]> activeChannels(Kind kind, byte[] pattern) {
		List<byte[]> out = new ArrayList<>();
		for (ByteBuffer k : map(kind).keySet()) {
			byte[] name = bytes(k);
			if (pattern == null || Glob.matches(pattern, name, false)) {
				out.add(name);
			}
		}
		return out;
	}

	/** PUBSUB NUMSUB / SHARDNUMSUB: subscribers of one channel. */
	public long subscriberCount(Kind kind, byte[] channel) {
		Set<Subscriber> s = map(kind).get(ByteBuffer.wrap(channel));
		return (s == null) ? 0 : s.size();
	}

	/** PUBSUB NUMPAT: distinct patterns with a subscriber. */
	public long patternCount() {
		return this.patterns.size();
	}

	private static byte[] bytes(ByteBuffer b) {
		byte[] out = new byte[b.remaining()];
		b.duplicate().get(out);
		return out;
	}

}
