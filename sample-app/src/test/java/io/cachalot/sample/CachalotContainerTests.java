package io.cachalot.sample;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.cachalot.sample.catalog.CatalogService;
import io.cachalot.spring.embedded.EmbeddedCachalotServer;
import io.cachalot.spring.testcontainers.CachalotContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app against a Cachalot server in a container, wired by {@code @ServiceConnection}
 * alone (no {@code spring.data.redis.*}). Needs Docker and the image docker compose builds
 * ({@code docker compose build cachalot-server}); skipped without Docker. Without Docker the
 * same app runs against the server jar in {@link ComposeConfigurationTests}.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(properties = "sample.catalog.products=500")
class CachalotContainerTests {

	@Container
	@ServiceConnection
	static CachalotContainer cachalot = new CachalotContainer().withPassword("container-secret");

	@Autowired
	ApplicationContext context;

	@Autowired
	CatalogService catalog;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void theAppCachesInTheContainerInsteadOfStartingAnEmbeddedServer() {
		assertThat(this.context.getBeanNamesForType(EmbeddedCachalotServer.class)).isEmpty();
		assertThat(this.catalog.search("orca").block()).isNotEmpty();
		assertThat(this.redis.hasKey("sample:searches::orca")).isTrue();
	}

}
