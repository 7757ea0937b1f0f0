package io.cachalot.sample.admin;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.stereotype.Component;

import io.cachalot.spring.embedded.EmbeddedCachalotServer;

/**
 * The outage switch: stops and starts the embedded cache server, so a person can watch the
 * circuit breaker open, the database answer, and the cache come back (empty, as a restarted
 * server without persistence is). With an external server (docker compose) there is nothing
 * to switch here: stop that server instead.
 */
@Component
public class CacheServerSwitch {

	private final EmbeddedCachalotServer embedded;

	private final DataRedisConnectionDetails connection;

	CacheServerSwitch(ObjectProvider<EmbeddedCachalotServer> embedded, DataRedisConnectionDetails connection) {
		this.embedded = embedded.getIfAvailable();
		this.connection = connection;
	}

	public State state() {
		if (this.embedded == null) {
			DataRedisConnectionDetails.Standalone standalone = this.connection.getStandalone();
			String endpoint = (standalone != null) ? standalone.getHost() + ":" + standalone.getPort() : "external";
			return new State(false, true, endpoint);
		}
		return new State(true, this.embedded.isRunning(), "127.0.0.1:" + this.embedded.getPort());
	}

	/** Stops the embedded server; false when the server is external. */
	public boolean stop() {
		if (this.embedded == null) {
			return false;
		}
		this.embedded.stop();
		return true;
	}

	/** Starts the embedded server again; false when the server is external. */
	public boolean start() {
		if (this.embedded == null) {
			return false;
		}
		this.embedded.restart();
		return true;
	}

	/**
	 * Whether the switch can act (the server is embedded), whether the embedded server runs
	 * (always true for an external one: the app cannot tell — its breaker can), where it is.
	 */
	public record State(boolean embedded, boolean running, String endpoint) {
	}

}
