package io.cachalot.sample;

import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outage tour of the README, step by step: stop the embedded cache server through the
 * admin API, keep browsing (the database answers), watch the breaker open, start the server
 * again and watch the breaker close and the cache fill up again.
 */
class OutageTests {

	private static RunningShop shop;

	@BeforeAll
	static void start() {
		shop = RunningShop.start();
	}

	@AfterEach
	void cacheServerRunsAgain() {
		assertThat(admin("start", "cachalot")).isEqualTo(200);
	}

	@AfterAll
	static void stop() {
		shop.close();
	}

	@Test
	void theShopKeepsServingFromTheDatabaseWhileTheCacheServerIsDownAndRecovers() throws Exception {
		ShopClient shopper = shop.client();
		assertThat(shopper.login("alice", "cachalot").code()).isEqualTo(200);
		assertThat(shopper.get("/api/products?q=orca").code()).isEqualTo(200);
		assertThat(dashboard().get("breaker").asString()).isEqualTo("CLOSED");

		assertThat(admin("stop", "cachalot")).isEqualTo(200);
		assertThat(dashboard().at("/cacheServer/running").asBoolean()).isFalse();

		long searches = shop.databaseQueries("search");
		for (int i = 0; i < 12; i++) {
			ShopClient.Response response = shopper.get("/api/products?q=orca");
			assertThat(response.code()).isEqualTo(200);
			assertThat(response.json().size()).isPositive();
			assertThat(shopper.get("/api/products/" + (100 + i)).code()).isEqualTo(200);
		}
		assertThat(shop.databaseQueries("search")).as("every search reached the database").isEqualTo(searches + 12);
		assertThat(dashboard().get("breaker").asString()).isEqualTo("OPEN");
		assertThat(dashboard().get("fallbacks").asLong()).isPositive();
		assertThat(shopper.get("/actuator/health").json().at("/components/cachalot/status").asString())
			.isNotEqualTo("UP");
		ShopClient.Response me = shopper.get("/api/me");
		assertThat(me.code()).as("the session store is away").isEqualTo(503);
		assertThat(me.json().get("error").asString()).contains("cache server does not answer");

		assertThat(admin("start", "cachalot")).isEqualTo(200);
		awaitDashboard(d -> {
			shopper.get("/api/products?q=orca");
			return d.get("breaker").asString().equals("CLOSED");
		});
		long afterRecovery = shop.databaseQueries("search");
		shopper.get("/api/products?q=orca");
		shopper.get("/api/products?q=orca");
		assertThat(shop.databaseQueries("search")).as("cached again: at most one more query").isLessThanOrEqualTo(afterRecovery + 1);
		assertThat(shopper.get("/actuator/health").json().at("/components/cachalot/status").asString()).isEqualTo("UP");
	}

	@Test
	void theOutageSwitchNeedsTheAdminPassword() {
		assertThat(admin("stop", "wrong")).isEqualTo(401);
		int status = WebClient.create("http://localhost:" + shop.port())
			.post()
			.uri("/api/admin/cache-server/stop")
			.header("Authorization", basic("alice", "cachalot"))
			.exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
			.block(Duration.ofSeconds(10));
		assertThat(status).isEqualTo(403);
		assertThat(dashboard().at("/cacheServer/running").asBoolean()).isTrue();
	}

	private static int admin(String action, String password) {
		return WebClient.create("http://localhost:" + shop.port())
			.post()
			.uri("/api/admin/cache-server/" + action)
			.header("Authorization", basic("admin", password))
			.exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
			.block(Duration.ofSeconds(30));
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
	}

	private static JsonNode dashboard() {
		return shop.client().get("/api/dashboard").json();
	}

	private static void awaitDashboard(Predicate<JsonNode> condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		JsonNode last;
		while (!condition.test(last = dashboard())) {
			assertThat(System.nanoTime()).as("dashboard condition within 30 s: %s", last).isLessThan(deadline);
			Thread.sleep(200);
		}
	}

}
