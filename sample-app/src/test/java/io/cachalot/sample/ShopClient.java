package io.cachalot.sample;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A shopper's HTTP client for the tests: keeps its cookies (session, CSRF token) as a
 * browser would, sends the CSRF header, and can move to another instance of the app with the
 * same cookies — the shared-session case.
 */
final class ShopClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Map<String, String> cookies;

	private final WebClient http;

	private ShopClient(int port, Map<String, String> cookies) {
		this.cookies = cookies;
		this.http = WebClient.builder().baseUrl("http://localhost:" + port).filter((request, next) -> {
			ClientRequest.Builder withCookies = ClientRequest.from(request);
			this.cookies.forEach(withCookies::cookie);
			String csrf = this.cookies.get("XSRF-TOKEN");
			if (csrf != null) {
				withCookies.header("X-XSRF-TOKEN", csrf);
			}
			return next.exchange(withCookies.build()).doOnNext(response -> response.cookies().forEach((name, values) -> {
				values.forEach(cookie -> {
					if (cookie.getMaxAge().isZero()) {
						this.cookies.remove(name);
					}
					else {
						this.cookies.put(name, cookie.getValue());
					}
				});
			}));
		}).build();
	}

	static ShopClient on(int port) {
		return new ShopClient(port, new ConcurrentHashMap<>());
	}

	/** The same shopper (same cookies) talking to another instance. */
	ShopClient movedTo(int port) {
		return new ShopClient(port, this.cookies);
	}

	Response get(String uri) {
		return send(HttpMethod.GET, uri, null);
	}

	Response post(String uri, Object json) {
		return send(HttpMethod.POST, uri, json);
	}

	Response put(String uri, Object json) {
		return send(HttpMethod.PUT, uri, json);
	}

	Response delete(String uri) {
		return send(HttpMethod.DELETE, uri, null);
	}

	/** Signs in through the page's form login (after a first request has issued the CSRF cookie). */
	Response login(String username, String password) {
		if (!this.cookies.containsKey("XSRF-TOKEN")) {
			get("/api/me");
		}
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("username", username);
		form.add("password", password);
		return this.http.post()
			.uri("/login")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form))
			.exchangeToMono(ShopClient::response)
			.block(Duration.ofSeconds(30));
	}

	private Response send(HttpMethod method, String uri, Object json) {
		WebClient.RequestBodySpec request = this.http.method(method).uri(uri);
		if (json != null) {
			request.contentType(MediaType.APPLICATION_JSON).bodyValue(json);
		}
		return request.exchangeToMono(ShopClient::response).block(Duration.ofSeconds(30));
	}

	private static Mono<Response> response(org.springframework.web.reactive.function.client.ClientResponse response) {
		return response.bodyToMono(String.class)
			.defaultIfEmpty("")
			.map(body -> new Response(response.statusCode(), response.headers().asHttpHeaders(), body));
	}

	record Response(HttpStatusCode status, HttpHeaders headers, String body) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		int code() {
			return this.status.value();
		}

		String header(String name) {
			return this.headers.getFirst(name);
		}

	}

}
