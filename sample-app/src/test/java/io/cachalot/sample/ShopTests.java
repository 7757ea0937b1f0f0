package io.cachalot.sample;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop end to end over HTTP, as the page uses it: cached catalog reads (the database
 * counter proves which request reached it), write-through on a price change, login and a
 * cart in the session shared by two instances, the leaderboard's live stream fed by
 * pub/sub across instances, and the actuator endpoints.
 */
class ShopTests {

	private static RunningShop shop;

	@BeforeAll
	static void start() {
		shop = RunningShop.start();
	}

	@AfterAll
	static void stop() {
		shop.close();
	}

	@Test
	void aSearchRunsTheSlowQueryOnceThenComesFromTheCache() {
		ShopClient client = shop.client();
		long before = shop.databaseQueries("search");
		ShopClient.Response first = client.get("/api/products?q=narwhal");
		assertThat(first.code()).isEqualTo(200);
		assertThat(first.json().size()).isBetween(1, 24);
		first.json().forEach(product -> assertThat(product.get("name").asString().toLowerCase()).contains("narwhal"));
		assertThat(shop.databaseQueries("search")).isEqualTo(before + 1);
		assertThat(first.header("X-Served-From")).isEqualTo("database");

		ShopClient.Response second = client.get("/api/products?q=+NarWhal+");
		assertThat(second.body()).isEqualTo(first.body());
		assertThat(shop.databaseQueries("search")).isEqualTo(before + 1);
		assertThat(second.header("X-Served-From")).isEqualTo("cache");
	}

	@Test
	void eachCacheKeepsItsEntriesForItsOwnTimeToLive() {
		ShopClient client = shop.client();
		client.get("/api/products?q=manta");
		client.get("/api/products/31");
		StringRedisTemplate redis = shop.bean(StringRedisTemplate.class);
		// application.yml: searches 2 minutes, products 30 minutes, each +-10 % jitter
		assertThat(redis.getExpire("sample:searches::manta")).isBetween(100L, 132L);
		assertThat(redis.getExpire("sample:products::31")).isBetween(1600L, 1980L);
	}

	@Test
	void aPriceChangeWritesThroughAndDropsCachedSearches() {
		ShopClient admin = shop.client();
		assertThat(admin.login("admin", "cachalot").code()).isEqualTo(200);
		String name = admin.get("/api/products/7").json().get("name").asString();
		String query = "/api/products?q=" + name.replace(' ', '+');
		assertThat(admin.get(query).json().findValues("id").stream().map(JsonNode::asLong)).contains(7L);
		long searches = shop.databaseQueries("search");

		ShopClient.Response repriced = admin.put("/api/products/7/price", Map.of("price", 12.34));
		assertThat(repriced.code()).isEqualTo(200);
		assertThat(repriced.json().get("price").decimalValue()).isEqualByComparingTo("12.34");

		long lookups = shop.databaseQueries("find-by-id");
		assertThat(admin.get("/api/products/7").json().get("price").decimalValue()).isEqualByComparingTo("12.34");
		assertThat(shop.databaseQueries("find-by-id")).as("the put product is served from the cache").isEqualTo(lookups);

		JsonNode again = admin.get(query).json();
		assertThat(shop.databaseQueries("search")).as("cached searches were dropped").isEqualTo(searches + 1);
		for (JsonNode product : again) {
			if (product.get("id").asLong() == 7) {
				assertThat(product.get("price").decimalValue()).isEqualByComparingTo("12.34");
			}
		}
	}

	@Test
	void repricingNeedsTheAdminRoleAndAPositivePrice() {
		ShopClient anonymous = shop.client();
		anonymous.get("/api/me");
		assertThat(anonymous.put("/api/products/8/price", Map.of("price", 1)).code()).isEqualTo(401);
		ShopClient alice = shop.client();
		alice.login("alice", "cachalot");
		assertThat(alice.put("/api/products/8/price", Map.of("price", 1)).code()).isEqualTo(403);
		ShopClient admin = shop.client();
		admin.login("admin", "cachalot");
		assertThat(admin.put("/api/products/8/price", Map.of("price", -1)).code()).isEqualTo(400);
		assertThat(admin.put("/api/products/999999/price", Map.of("price", 1)).code()).isEqualTo(404);
		assertThat(admin.get("/api/products/999999").code()).isEqualTo(404);
	}

	@Test
	void aWrongPasswordIsRefusedAndTheCartNeedsALogin() {
		ShopClient client = shop.client();
		client.get("/api/me");
		assertThat(client.post("/api/cart/items", Map.of("productId", 1, "quantity", 1)).code()).isEqualTo(401);
		assertThat(client.login("alice", "wrong").code()).isEqualTo(401);
		assertThat(client.get("/api/me").json().get("username").isNull()).isTrue();
	}

	@Test
	void aRequestWithoutTheCsrfTokenIsRefused() {
		Integer status = WebClient.create("http://localhost:" + shop.port())
			.post()
			.uri("/login")
			.bodyValue("username=alice&password=cachalot")
			.exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
			.block(Duration.ofSeconds(10));
		assertThat(status).isEqualTo(403);
	}

	@Test
	void twoInstancesShareTheLoginTheCartAndTheLeaderboard() throws Exception {
		int serverPort = shop.bean(io.cachalot.spring.embedded.EmbeddedCachalotServer.class).getPort();
		try (RunningShop second = RunningShop.start("spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + serverPort)) {
			ShopClient onFirst = shop.client();
			assertThat(onFirst.login("bob", "cachalot").code()).isEqualTo(200);
			onFirst.post("/api/cart/items", Map.of("productId", 42, "quantity", 2));
			JsonNode cart = onFirst.post("/api/cart/items", Map.of("productId", 43, "quantity", 1)).json();
			assertThat(cart.get("count").asInt()).isEqualTo(3);

			ShopClient onSecond = onFirst.movedTo(second.port());
			JsonNode me = onSecond.get("/api/me").json();
			assertThat(me.get("username").asString()).isEqualTo("bob");
			assertThat(me.get("servedBy").asString()).endsWith(":" + second.port());
			JsonNode sameCart = onSecond.get("/api/cart").json();
			assertThat(sameCart.get("count").asInt()).isEqualTo(3);
			assertThat(sameCart.get("lines").findValues("id").stream().map(JsonNode::asLong)).containsExactly(42L, 43L);
			assertThat(onSecond.delete("/api/cart/items/42").json().get("count").asInt()).isEqualTo(1);
			assertThat(onFirst.get("/api/cart").json().get("count").asInt()).isEqualTo(1);

			// a view on the second instance reaches a browser listening to the first
			BlockingQueue<String> events = new LinkedBlockingQueue<>();
			Disposable stream = WebClient.create("http://localhost:" + shop.port())
				.get()
				.uri("/api/leaderboard/stream")
				.retrieve()
				.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
				})
				.subscribe(event -> events.add(event.data()));
			try {
				assertThat(events.poll(10, TimeUnit.SECONDS)).as("the current standings come first").isNotNull();
				String update = null;
				for (int attempt = 0; attempt < 20 && update == null; attempt++) {
					assertThat(onSecond.get("/api/products/2718").code()).isEqualTo(200);
					for (String event = events.poll(500, TimeUnit.MILLISECONDS); event != null && update == null;
							event = events.poll()) {
						update = event.contains("\"productId\":2718") ? event : null;
					}
				}
				assertThat(update).as("a leaderboard update naming product 2718").isNotNull();
				assertThat(onFirst.get("/api/leaderboard").body()).contains("\"productId\":2718");
			}
			finally {
				stream.dispose();
			}

			// near caches stay coherent: a price changed on the first instance is what the second serves
			assertThat(onSecond.get("/api/products/2719").code()).isEqualTo(200);
			assertThat(onSecond.get("/api/products/2719").header("X-Served-From")).isEqualTo("cache");
			ShopClient admin = shop.client();
			admin.login("admin", "cachalot");
			assertThat(admin.put("/api/products/2719/price", Map.of("price", 77.77)).code()).isEqualTo(200);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (onSecond.get("/api/products/2719").json().get("price").decimalValue().compareTo(new java.math.BigDecimal("77.77")) != 0) {
				assertThat(System.nanoTime()).as("the second instance sees the new price within 5 s").isLessThan(deadline);
				Thread.sleep(20);
			}

			assertThat(onSecond.post("/logout", null).code()).isEqualTo(200);
			assertThat(onFirst.get("/api/me").json().get("username").isNull()).isTrue();
		}
	}

	@Test
	void actuatorShowsTheCacheHealthAndItsMetrics() {
		ShopClient client = shop.client();
		for (int i = 0; i < 4; i++) {
			client.get("/api/products/1");
		}
		assertThat(shop.bean(MeterRegistry.class).get("cache.near.hits").tag("cache", "products").functionCounter().count())
			.as("repeated reads are answered in the JVM").isPositive();
		JsonNode health = client.get("/actuator/health").json();
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.at("/components/cachalot/status").asString()).isEqualTo("UP");
		assertThat(health.at("/components/cachalot/details/breaker").asString()).isEqualTo("CLOSED");
		String prometheus = client.get("/actuator/prometheus").body();
		assertThat(prometheus).contains("cache_gets_total{", "name=\"products\"", "result=\"hit\"", "cache_near_hits_total{",
				"sample_db_queries_total{", "resilience4j_circuitbreaker_state{");
		assertThat(client.get("/actuator/metrics/cache.gets").code()).isEqualTo(200);
	}

}
