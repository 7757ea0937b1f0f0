package io.cachalot.spring.embedded;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class CachalotEmbeddedAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(CachalotEmbeddedAutoConfiguration.class, DataRedisAutoConfiguration.class));

	@Test
	void startsAnEmbeddedServerAndPointsSpringDataRedisAtIt() {
		this.runner.run(context -> {
			assertThat(context).hasSingleBean(EmbeddedCachalotServer.class);
			StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
			template.opsForValue().set("greeting", "hello");
			assertThat(template.opsForValue().get("greeting")).isEqualTo("hello");
			assertThat(template.getConnectionFactory().getConnection().serverCommands().info("server"))
				.containsKey("redis_version");
		});
	}

	@Test
	void theServerStopsWithTheContext() {
		int[] port = new int[1];
		this.runner.run(context -> port[0] = context.getBean(EmbeddedCachalotServer.class).getPort());
		assertThat(port[0]).isPositive();
		assertThat(isListening(port[0])).isFalse();
	}

	@Test
	void backsOffWhenARedisEndpointIsConfigured() {
		this.runner.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=6379")
			.run(context -> assertThat(context).doesNotHaveBean(EmbeddedCachalotServer.class));
		// a port alone names localhost:port, as Spring Data Redis reads it
		this.runner.withPropertyValues("spring.data.redis.port=6379")
			.run(context -> assertThat(context).doesNotHaveBean(EmbeddedCachalotServer.class));
		this.runner.withPropertyValues("cachalot.embedded.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(EmbeddedCachalotServer.class));
	}

	@Test
	void backsOffWithoutTheServerOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader("io.cachalot.server"))
			.run(context -> assertThat(context).doesNotHaveBean(EmbeddedCachalotServer.class));
	}

	@Test
	void appliesServerProperties() {
		this.runner.withPropertyValues("cachalot.embedded.maxmemory=8mb", "cachalot.embedded.config.hz=20")
			.run(context -> {
				StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
				var config = template.getConnectionFactory().getConnection().serverCommands().getConfig("*");
				assertThat(config.getProperty("maxmemory")).isEqualTo("8388608");
				assertThat(config.getProperty("hz")).isEqualTo("20");
				assertThat(config.getProperty("maxmemory-policy")).isEqualTo("allkeys-lru");
			});
	}

	private static boolean isListening(int port) {
		try (java.net.Socket s = new java.net.Socket()) {
			s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

}
