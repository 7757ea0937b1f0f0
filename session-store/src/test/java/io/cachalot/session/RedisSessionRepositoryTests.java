package io.cachalot.session;

import java.net.InetSocketAddress;
import java.net.Socket;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The contract on the real Redis (127.0.0.1:6379, database 13, a namespace per test); skipped without one. */
class RedisSessionRepositoryTests extends SessionRepositoryContract {

	@Override
	protected LettuceConnectionFactory connect() {
		assumeTrue(redisAnswers(), "no Redis on 127.0.0.1:6379");
		RedisStandaloneConfiguration config = new RedisStandaloneConfiguration("127.0.0.1", 6379);
		config.setDatabase(13);
		return started(config);
	}

	private static boolean redisAnswers() {
		try (Socket s = new Socket()) {
			s.connect(new InetSocketAddress("127.0.0.1", 6379), 300);
			return true;
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

}
