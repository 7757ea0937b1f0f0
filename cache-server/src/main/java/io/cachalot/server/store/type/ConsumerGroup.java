package io.cachalot.server.store.type;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.cachalot.server.store.type.StreamValue.Id;

/**
 * A stream consumer group: the last delivered ID, the pending entries list (PEL: delivered
 * but not acknowledged, with owner, delivery time and count) and its consumers, each with
 * its own view of the PEL. Names are kept as ISO-8859-1 strings so their natural order is
 * Redis's byte order.
 */
public final class ConsumerGroup {

	/** A pending entry. */
	public static final class Pending {

		public final Id id;

		public Consumer owner;

		public long deliveryTime;

		public long deliveryCount;

		Pending(Id id, Consumer owner, long deliveryTime, long deliveryCount) {
			this.id = id;
			this.owner = owner;
			this.deliveryTime = deliveryTime;
			this.deliveryCount = deliveryCount;
		}

	}

	/** A consumer of the group. */
	public static final class Consumer {

		public final String name;

		public long seenTime;

		public final TreeMap<Id, Pending> pending = new TreeMap<>();

		Consumer(String name, long seenTime) {
			this.name = name;
			this.seenTime = seenTime;
		}

	}

	public Id lastId;

	public long entriesRead;

	public final TreeMap<Id, Pending> pending = new TreeMap<>();

	public final TreeMap<String, Consumer> consumers = new TreeMap<>();

	ConsumerGroup(Id lastId, long entriesRead) {
		this.lastId = lastId;
		this.entriesRead = entriesRead;
	}

	public Consumer consumer(String name) {
		return this.consumers.get(name);
	}

	/** The consumer, created when missing; its seen time is refreshed. */
	public Consumer consumerFor(String name, long now) {
		Consumer c = this.consumers.computeIfAbsent(name, n -> new Consumer(n, now));
		c.seenTime = now;
		return c;
	}

	/** Creates a consumer; returns false when it exists. */
	public boolean createConsumer(String name, long now) {
		if (this.consumers.containsKey(name)) {
			return false;
		}
		this.consumers.put(name, new Consumer(name, now));
		return true;
	}

	/** A consumer as a snapshot recorded it (RDB loading); returns it. */
	public Consumer restoreConsumer(String name, long seenTime) {
		return this.consumers.computeIfAbsent(name, n -> new Consumer(n, seenTime));
	}

	/** A pending entry as a snapshot recorded it (RDB loading), owned by {@code owner}. */
	public void restorePending(Id id, Consumer owner, long deliveryTime, long deliveryCount) {
		Pending p = new Pending(id, owner, deliveryTime, deliveryCount);
		this.pending.put(id, p);
		owner.pending.put(id, p);
	}

	/** Deletes a consumer and its pending entries; returns how many it had. */
	public long deleteConsumer(String name) {
		Consumer c = this.consumers.remove(name);
		if (c == null) {
			return 0;
		}
		for (Id id : c.pending.keySet()) {
			this.pending.remove(id);
		}
		return c.pending.size();
	}

	/** Records a delivery of {@code id} to {@code consumer} (moving an existing NACK to it). */
	public void deliver(Id id, Consumer consumer, long now) {
		Pending p = this.pending.get(id);
		if (p != null) {
			p.owner.pending.remove(id);
			p.owner = consumer;
			p.deliveryTime = now;
			p.deliveryCount = 1;
		}
		else {
			p = new Pending(id, consumer, now, 1);
			this.pending.put(id, p);
		}
		consumer.pending.put(id, p);
	}

	/** XACK of one ID; returns whether it was pending. */
	public boolean ack(Id id) {
		Pending p = this.pending.remove(id);
		if (p == null) {
			return false;
		}
		p.owner.pending.remove(id);
		return true;
	}

	/** Gives a pending entry to another consumer (XCLAIM / XAUTOCLAIM). */
	public void transfer(Pending p, Consumer to) {
		p.owner.pending.remove(p.id);
		p.owner = to;
		to.pending.put(p.id, p);
	}

	/** Removes a pending entry whose stream entry no longer exists. */
	public void dropPending(Pending p) {
		this.pending.remove(p.id);
		p.owner.pending.remove(p.id);
	}

	/** Pending entries with IDs in [start, end], at most {@code count}, of one consumer or all. */
	public List<Pending> pendingRange(Id start, Id end, long count, Consumer only) {
		List<Pending> out = new ArrayList<>();
		TreeMap<Id, Pending> source = (only != null) ? only.pending : this.pending;
		if (start.compareTo(end) > 0) {
			return out;
		}
		for (Map.Entry<Id, Pending> e : source.subMap(start, true, end, true).entrySet()) {
			if (out.size() >= count) {
				break;
			}
			out.add(e.getValue());
		}
		return out;
	}

	ConsumerGroup copy() {
		ConsumerGroup copy = new ConsumerGroup(this.lastId, this.entriesRead);
		for (Consumer c : this.consumers.values()) {
			Consumer cc = new Consumer(c.name, c.seenTime);
			copy.consumers.put(c.name, cc);
		}
		for (Pending p : this.pending.values()) {
			Consumer owner = copy.consumers.get(p.owner.name);
			Pending pp = new Pending(p.id, owner, p.deliveryTime, p.deliveryCount);
			copy.pending.put(p.id, pp);
			owner.pending.put(p.id, pp);
		}
		return copy;
	}

}
