package io.cachalot.spring.session;

import io.cachalot.session.CachalotReactiveSessionRepository;
import io.cachalot.session.SessionExpirySweeper;
import io.cachalot.session.SessionStore;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.session.config.annotation.web.server.EnableSpringWebSession;

/** WebFlux sessions in Cachalot's session store ({@link EnableCachalotWebSession}, or auto-configured). */
@Configuration(proxyBeanMethods = false)
@EnableSpringWebSession
public class CachalotWebSessionConfiguration extends SessionStoreConfigurationSupport {

	@Bean
	@ConditionalOnMissingBean
	CachalotReactiveSessionRepository reactiveSessionRepository(SessionStore store, CachalotSessionProperties properties,
			Environment environment, ApplicationEventPublisher publisher) {
		return new CachalotReactiveSessionRepository(store, SessionStoreBeans.timeout(properties, environment),
				properties.isEvents() ? publisher : null);
	}

	@Bean(destroyMethod = "close")
	SessionExpirySweeper cachalotSessionExpirySweeper(CachalotReactiveSessionRepository repository,
			CachalotSessionProperties properties) {
		return SessionStoreBeans.sweeper(repository, properties);
	}

}
