package io.cachalot.spring.session;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** A browser stand-in for the session tests: logs in with a form and carries the SESSION cookie. */
final class LoginClient {

	private final HttpClient http = HttpClient.newHttpClient();

	private String cookie;

	static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	/** Posts the login form to {@code context}'s server and keeps the session cookie it sets. */
	void login(ConfigurableApplicationContext context, String username, String password)
			throws IOException, InterruptedException {
		HttpResponse<String> login = this.http.send(HttpRequest.newBuilder(uri(context, "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password=" + password))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(login.statusCode()).isEqualTo(302);
		this.cookie = login.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter(c -> c.startsWith("SESSION="))
			.map(c -> c.substring(0, c.indexOf(';')))
			.findFirst()
			.orElseThrow();
	}

	/** GET with the session cookie. */
	HttpResponse<String> get(ConfigurableApplicationContext context, String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(context, path)).header("Cookie", this.cookie).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(ConfigurableApplicationContext context, String path) {
		return URI.create("http://127.0.0.1:" + port(context) + path);
	}

}
