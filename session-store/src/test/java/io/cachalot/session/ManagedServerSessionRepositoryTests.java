package io.cachalot.session;

import io.cachalot.server.CachalotServer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The contract on a server that forbids CONFIG (as managed services do:
 * {@code rename-command CONFIG ""}) — and so cannot turn keyspace notifications on: the index
 * and the expired events must not need them.
 */
class ManagedServerSessionRepositoryTests extends SessionRepositoryContract {

	private CachalotServer server;

	@Override
	protected LettuceConnectionFactory connect() {
		this.server = CachalotServer.builder().port(0).renameCommand("config", "").start();
		return started(new RedisStandaloneConfiguration("127.0.0.1", this.server.port()));
	}

	@Override
	protected void stopServer() {
		this.server.close();
	}

}
