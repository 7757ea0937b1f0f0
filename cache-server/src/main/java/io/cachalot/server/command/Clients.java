package io.cachalot.server.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** The connected clients, by id, for CLIENT LIST / KILL, INFO clients and maxclients. */
public final class Clients {

	private final ConcurrentSkipListMap<Long, Session> byId = new ConcurrentSkipListMap<>();

	private final AtomicLong nextId = new AtomicLong();

	public long nextId() {
		return this.nextId.incrementAndGet();
	}

	public void add(Session session) {
		this.byId.put(session.id(), session);
	}

	public void remove(Session session) {
		this.byId.remove(session.id());
	}

	public int count() {
		return this.byId.size();
	}

	public Session get(long id) {
		return this.byId.get(id);
	}

	public List<Session> all() {
		return new ArrayList<>(this.byId.values());
	}

}
