package io.cachalot.sample;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	@LocalServerPort
	int port;

	@Test
	void visitsAreCountedInTheEmbeddedCacheServer() {
		WebTestClient client = WebTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
		client.get().uri("/api/visits/home").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.visits").isEqualTo(1);
		client.get().uri("/api/visits/home").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.visits").isEqualTo(2);
		client.get().uri("/api/visits/about").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.page").isEqualTo("about")
			.jsonPath("$.visits").isEqualTo(1);
	}

}
