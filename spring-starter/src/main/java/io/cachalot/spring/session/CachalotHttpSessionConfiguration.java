package io.cachalot.spring.session;

import io.cachalot.session.CachalotSessionRepository;
import io.cachalot.session.SessionExpirySweeper;
import io.cachalot.session.SessionStore;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;

/** Servlet sessions in Cachalot's session store ({@link EnableCachalotHttpSession}, or auto-configured). */
@Configuration(proxyBeanMethods = false)
@EnableSpringHttpSession
public class CachalotHttpSessionConfiguration extends SessionStoreConfigurationSupport {

	@Bean
	@ConditionalOnMissingBean
	CachalotSessionRepository sessionRepository(SessionStore store, CachalotSessionProperties properties,
			Environment environment, ApplicationEventPublisher publisher) {
		return new CachalotSessionRepository(store, SessionStoreBeans.timeout(properties, environment),
				properties.getFlushMode(), properties.getCommandTimeout(), properties.isEvents() ? publisher : null);
	}

	@Bean(destroyMethod = "close")
	SessionExpirySweeper cachalotSessionExpirySweeper(CachalotSessionRepository repository,
			CachalotSessionProperties properties) {
		return SessionStoreBeans.sweeper(repository.getReactiveRepository(), properties);
	}

}
