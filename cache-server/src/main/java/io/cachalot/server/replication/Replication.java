package io.cachalot.server.replication;

import io.cachalot.server.ServerContext;

/**
 * This server's place in replication: a primary (the default) or a replica following one
 * through a {@link ReplicaLink}. REPLICAOF switches between them; a replica with
 * {@code replica-read-only yes} (the default) refuses writes from its own clients.
 */
public final class Replication implements AutoCloseable {

	private final ServerContext server;

	private volatile ReplicaLink link;

	public Replication(ServerContext server) {
		this.server = server;
	}

	/** Starts following {@code host:port}; false when already following it. */
	public synchronized boolean replicaOf(String host, int port) {
		ReplicaLink current = this.link;
		if (current != null && current.host().equals(host) && current.port() == port) {
			return false;
		}
		if (current != null) {
			current.close();
		}
		this.link = new ReplicaLink(this.server, host, port);
		this.link.start();
		return true;
	}

	/** REPLICAOF NO ONE: stops following; the data stays and writes are taken again. */
	public synchronized void promote() {
		if (this.link != null) {
			this.link.close();
			this.link = null;
		}
	}

	/** The link to the primary, or null on a primary. */
	public ReplicaLink link() {
		return this.link;
	}

	/** Whether writes from clients are refused: a replica with {@code replica-read-only yes}. */
	public boolean readOnly() {
		return this.link != null && this.server.config().get("replica-read-only").equals("yes");
	}

	@Override
	public void close() {
		promote();
	}

}
