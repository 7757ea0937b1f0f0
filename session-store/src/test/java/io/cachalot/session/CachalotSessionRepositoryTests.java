package io.cachalot.session;

import io.cachalot.server.CachalotServer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** The contract on the embedded Cachalot server. */
class CachalotSessionRepositoryTests extends SessionRepositoryContract {

	private CachalotServer server;

	@Override
	protected LettuceConnectionFactory connect() {
		this.server = CachalotServer.builder().port(0).start();
		return started(new RedisStandaloneConfiguration("127.0.0.1", this.server.port()));
	}

	@Override
	protected void stopServer() {
		this.server.close();
	}

}
