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

	/** The memcached engine of the embedded server, on a free port, across a restart; same items as Redis. */
	@Test
	void theMemcachedEngineCanBeTurnedOn() {
		this.runner.withPropertyValues("cachalot.embedded.config.memcached-port=0").run(context -> {
			EmbeddedCachalotServer server = context.getBean(EmbeddedCachalotServer.class);
			int port = server.getMemcachedPort();
			assertThat(port).isPositive();
			assertThat(memcached(port, "set greeting 0 0 5\r\nhello\r\n")).isEqualTo("STORED\r\n");
			StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
			assertThat(template.opsForValue().get("greeting")).isEqualTo("hello");
			server.stop();
			server.restart();
			assertThat(server.getMemcachedPort()).isEqualTo(port);
			assertThat(memcached(port, "version\r\n")).startsWith("VERSION ");
		});
		this.runner.run(context -> assertThat(context.getBean(EmbeddedCachalotServer.class).getMemcachedPort()).isEqualTo(-1));
	}

	/** One request on a fresh memcached connection; the reply's first line. */
	private static String memcached(int port, String request) throws java.io.IOException {
		try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
			s.setSoTimeout(5_000);
			s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			java.io.BufferedReader in = new java.io.BufferedReader(
					new java.io.InputStreamReader(s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
			return in.readLine() + "\r\n";
		}
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
