package io.cachalot.sample;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the app's connection to the cache server behaves when the server goes away: commands
 * fail at once instead of queueing until they time out (the cache falls back to the database
 * right away), and the connection is tried again every second, so the cache is back within a
 * second of the server.
 */
@Configuration(proxyBeanMethods = false)
class CacheConnectionConfiguration {

	@Bean
	ClientResourcesBuilderCustomizer reconnectEverySecond() {
		return resources -> resources.reconnectDelay(Delay.constant(Duration.ofSeconds(1)));
	}

	@Bean
	LettuceClientConfigurationBuilderCustomizer failFastWhileDisconnected() {
		// on top of the options Boot has set (timeouts, SSL, cluster options)
		return client -> client.build()
			.getClientOptions()
			.ifPresent(options -> client.clientOptions(
					options.mutate().disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build()));
	}

}
