package io.cachalot.spring.embedded;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Starts an in-process Cachalot server, like an embedded database, when
 * {@code cachalot-server} is on the classpath and the application configures no Redis
 * endpoint (no {@code spring.data.redis.*} endpoint, no service connection), and points Spring
 * Data Redis at it through {@link DataRedisConnectionDetails}.
 * The server stops with the application context.
 */
@AutoConfiguration(before = DataRedisAutoConfiguration.class)
@ConditionalOnClass(name = EmbeddedCachalotServer.SERVER_CLASS)
@ConditionalOnProperty(prefix = "cachalot.embedded", name = "enabled", matchIfMissing = true)
@Conditional(NoRedisEndpointCondition.class)
@EnableConfigurationProperties(CachalotEmbeddedProperties.class)
public final class CachalotEmbeddedAutoConfiguration implements BeanClassLoaderAware {

	private ClassLoader classLoader = getClass().getClassLoader();

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean({ EmbeddedCachalotServer.class, DataRedisConnectionDetails.class })
	EmbeddedCachalotServer embeddedCachalotServer(CachalotEmbeddedProperties properties) {
		return EmbeddedCachalotServer.start(this.classLoader, EmbeddedCachalotServer.directives(properties));
	}

	@Bean
	@ConditionalOnBean(EmbeddedCachalotServer.class)
	@ConditionalOnMissingBean(DataRedisConnectionDetails.class)
	DataRedisConnectionDetails embeddedCachalotConnectionDetails(EmbeddedCachalotServer server,
			CachalotEmbeddedProperties properties) {
		return new DataRedisConnectionDetails() {
			@Override
			public Standalone getStandalone() {
				return Standalone.of(properties.getBind(), server.getPort());
			}
		};
	}

}
