package io.cachalot.spring.session;

import io.cachalot.session.SessionStore;
import io.cachalot.spring.embedded.CachalotEmbeddedAutoConfiguration;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.SessionRepository;

/**
 * Shared, indexed, event-publishing Spring Session sessions for a web application, stored by
 * Cachalot's session store on the configured Redis-protocol server (or the embedded Cachalot
 * server): WebFlux and servlet alike, with nothing to write. Backs off when the application
 * has its own session repository or sets {@code cachalot.session.enabled=false}.
 */
@AutoConfiguration(after = { DataRedisAutoConfiguration.class, CachalotEmbeddedAutoConfiguration.class },
		beforeName = { "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
				"org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration",
				"org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration" })
@ConditionalOnClass({ SessionStore.class, SessionRepository.class })
@ConditionalOnBean(ReactiveRedisConnectionFactory.class)
@ConditionalOnWebApplication
@ConditionalOnProperty(prefix = "cachalot.session", name = "enabled", matchIfMissing = true)
public final class CachalotSessionAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnMissingBean(ReactiveSessionRepository.class)
	@Import(CachalotWebSessionConfiguration.class)
	static class ReactiveSessions {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnMissingBean(SessionRepository.class)
	@Import(CachalotHttpSessionConfiguration.class)
	static class ServletSessions {

	}

	/** {@code cachalot.session.unreadable.attributes}: attributes dropped after a deploy. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class SessionMetrics {

		@Bean
		SmartInitializingSingleton cachalotSessionMetrics(ObjectProvider<MeterRegistry> registries,
				ObjectProvider<SessionStore> stores) {
			return () -> {
				MeterRegistry registry = registries.getIfUnique();
				SessionStore store = stores.getIfUnique();
				if (registry != null && store != null) {
					FunctionCounter.builder("cachalot.session.unreadable.attributes", store, SessionStore::unreadableAttributes)
						.description("Session attributes dropped because they could no longer be read")
						.register(registry);
				}
			};
		}

	}

}
