package io.cachalot.spring.session;

import io.cachalot.session.SessionStore;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/** The session store both the WebFlux and the servlet configuration build on. */
@EnableConfigurationProperties(CachalotSessionProperties.class)
abstract class SessionStoreConfigurationSupport implements BeanClassLoaderAware {

	private ClassLoader classLoader = getClass().getClassLoader();

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Bean
	@ConditionalOnMissingBean
	SessionStore cachalotSessionStore(ReactiveRedisConnectionFactory connectionFactory,
			CachalotSessionProperties properties) {
		return SessionStoreBeans.store(connectionFactory, properties, this.classLoader);
	}

}
