package io.cachalot.server.pubsub;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.cachalot.server.pubsub.PubSubRegistry.Kind;
import io.cachalot.server.pubsub.PubSubRegistry.Subscriber;

/**
 * One connection's subscriptions, kept in step with the {@link PubSubRegistry}: the counts
 * the (UN)SUBSCRIBE replies carry, what an argument-less UNSUBSCRIBE removes, and whether a
 * RESP2 client is in subscribed mode. Touched only by the connection's thread.
 */
public final class Subscriptions {

	private final PubSubRegistry registry;

	private final Subscriber subscriber;

	private final Set<ByteBuffer> channels = new LinkedHashSet<>();

	private final Set<ByteBuffer> patterns = new LinkedHashSet<>();

	private final Set<ByteBuffer> shardChannels = new LinkedHashSet<>();

	public Subscriptions(PubSubRegistry registry, Subscriber subscriber) {
		this.registry = registry;
		this.subscriber = subscriber;
	}

	private Set<ByteBuffer> set(Kind kind) {
		return switch (kind) {
			case CHANNEL -> this.channels;
			case PATTERN -> this.patterns;
			case SHARD -> this.shardChannels;
		};
	}

	/** Subscribes; returns the count the reply reports afterwards. */
	public int subscribe(Kind kind, byte[] name) {
		if (set(kind).add(ByteBuffer.wrap(name.clone()))) {
			this.registry.add(kind, name, this.subscriber);
		}
		return count(kind);
	}

	/** Unsubscribes (a no-op when not subscribed); returns the count the reply reports afterwards. */
	public int unsubscribe(Kind kind, byte[] name) {
		if (set(kind).remove(ByteBuffer.wrap(name))) {
			this.registry.remove(kind, name, this.subscriber);
		}
		return count(kind);
	}

	/** What an argument-less UNSUBSCRIBE / PUNSUBSCRIBE / SUNSUBSCRIBE removes, in subscription order. */
	public List<byte[]> all(Kind kind) {
		List<byte[]> out = new ArrayList<>();
		for (ByteBuffer b : set(kind)) {
			byte[] name = new byte[b.remaining()];
			b.duplicate().get(name);
			out.add(name);
		}
		return out;
	}

	/** The count a reply carries: channels plus patterns, or shard channels alone (as Redis). */
	public int count(Kind kind) {
		return (kind == Kind.SHARD) ? this.shardChannels.size() : this.channels.size() + this.patterns.size();
	}

	/** Whether the client is subscribed to anything (RESP2 subscribed mode). */
	public boolean active() {
		return !this.channels.isEmpty() || !this.patterns.isEmpty() || !this.shardChannels.isEmpty();
	}

	public int channelCount() {
		return this.channels.size();
	}

	public int patternCount() {
		return this.patterns.size();
	}

	public int shardChannelCount() {
		return this.shardChannels.size();
	}

	/** Drops every subscription (RESET, or the connection closed). */
	public void clear() {
		for (Kind kind : Kind.values()) {
			for (byte[] name : all(kind)) {
				unsubscribe(kind, name);
			}
		}
	}

}
