package io.cachalot.spring.session;

import java.time.Duration;

import io.cachalot.session.CachalotReactiveSessionRepository;
import io.cachalot.session.SessionAttributeCodec;
import io.cachalot.session.SessionExpirySweeper;
import io.cachalot.session.SessionKeys;
import io.cachalot.session.SessionStore;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/** What the web and servlet configurations build alike: the store, the timeout, the sweeper. */
final class SessionStoreBeans {

	private SessionStoreBeans() {
	}

	static SessionStore store(ReactiveRedisConnectionFactory connectionFactory, CachalotSessionProperties properties,
			ClassLoader classLoader) {
		SessionAttributeCodec codec = (properties.getSerialization() == CachalotSessionProperties.Serialization.JDK)
				? SessionAttributeCodec.jdk(classLoader) : SessionAttributeCodec.json(classLoader);
		SessionStore store = new SessionStore(connectionFactory, new SessionKeys(properties.getNamespace()), codec,
				properties.getSaveMode());
		store.indexPrincipals(properties.isIndexByPrincipal());
		return store;
	}

	/** {@code cachalot.session.timeout}, else {@code spring.session.timeout}, else 30 minutes. */
	static Duration timeout(CachalotSessionProperties properties, Environment environment) {
		if (properties.getTimeout() != null) {
			return properties.getTimeout();
		}
		// bound the way Boot binds it ("15m", "PT15M", "900s")
		return Binder.get(environment).bind("spring.session.timeout", Duration.class).orElse(Duration.ofMinutes(30));
	}

	/** The expired-event sweeper, or null when events are off. */
	static SessionExpirySweeper sweeper(CachalotReactiveSessionRepository repository, CachalotSessionProperties properties) {
		return properties.isEvents() ? new SessionExpirySweeper(repository, properties.getCleanupInterval()) : null;
	}

}
