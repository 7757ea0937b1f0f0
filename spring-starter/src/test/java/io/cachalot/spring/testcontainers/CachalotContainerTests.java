package io.cachalot.spring.testcontainers;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactory;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What needs no Docker: the container's server command line, and that Boot finds the
 * connection details factory for a {@code @ServiceConnection CachalotContainer}. The
 * container itself is started by the sample app's {@code CachalotContainerTests} where
 * Docker runs.
 */
class CachalotContainerTests {

	@Test
	void theServerListensOnTheContainersInterfacesAndTakesDirectives() {
		CachalotContainer open = new CachalotContainer().withDirective("maxmemory", "64mb");
		assertThat(open.commandLine()).containsExactly("--bind", "0.0.0.0", "--port", "6379", "--save", "",
				"--protected-mode", "no", "--maxmemory", "64mb");
		CachalotContainer secured = new CachalotContainer("example/cachalot:1").withPassword("s3cret");
		assertThat(secured.commandLine()).containsExactly("--bind", "0.0.0.0", "--port", "6379", "--save", "", "--requirepass",
				"s3cret");
		assertThat(secured.getPassword()).isEqualTo("s3cret");
		assertThat(secured.getEnvMap()).containsEntry("CACHALOT_PASSWORD", "s3cret");
	}

	@Test
	void bootFindsTheConnectionDetailsFactoryForTheContainer() {
		// other modules' factories whose optional classes are absent here are skipped, as Boot skips them
		List<ConnectionDetailsFactory> factories = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
			.load(ConnectionDetailsFactory.class, null, SpringFactoriesLoader.FailureHandler.handleMessage((message, ex) -> {
			}));
		assertThat(factories).hasAtLeastOneElementOfType(CachalotContainerConnectionDetailsFactory.class);
	}

}
