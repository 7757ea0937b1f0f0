package io.cachalot.server.it;

import io.cachalot.server.CachalotServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** Base for tests that talk to one embedded server (any free port) over the network. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EmbeddedServerTest {

	protected CachalotServer server;

	protected CachalotServer.Builder configure(CachalotServer.Builder builder) {
		return builder;
	}

	@BeforeAll
	void startServer() {
		this.server = configure(CachalotServer.builder().port(0).ioThreads(2)).start();
	}

	@AfterAll
	void stopServer() {
		this.server.close();
	}

	protected int port() {
		return this.server.port();
	}

	protected RespClient client() {
		return new RespClient("127.0.0.1", port());
	}

}
