package io.cachalot.spring.session;

import java.net.http.HttpResponse;
import java.security.Principal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.cachalot.session.CachalotReactiveSessionRepository;
import io.cachalot.spring.embedded.EmbeddedCachalotServer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.events.AbstractSessionEvent;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.WebSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two WebFlux application instances with Spring Security and nothing but the starter share
 * sessions through one Cachalot server: a login on one is a login on the other.
 */
class CachalotSessionAutoConfigurationTests {

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@RestController
	static class App {

		final List<AbstractSessionEvent> events = new CopyOnWriteArrayList<>();

		@Bean
		SecurityWebFilterChain security(ServerHttpSecurity http) {
			return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
				.authorizeExchange(a -> a.pathMatchers("/login", "/visits").permitAll().anyExchange().authenticated())
				.formLogin(Customizer.withDefaults())
				.build();
		}

		@Bean
		MapReactiveUserDetailsService users() {
			return new MapReactiveUserDetailsService(User.withUsername("ada").password("{noop}secret").roles("USER").build());
		}

		@GetMapping("/whoami")
		Mono<String> whoami(Mono<Principal> principal) {
			return principal.map(Principal::getName);
		}

		@GetMapping("/visits")
		Mono<String> visits(WebSession session) {
			Integer visits = session.getAttributeOrDefault("visits", 0);
			session.getAttributes().put("visits", visits + 1);
			return Mono.just(Integer.toString(visits + 1));
		}

		@EventListener
		void onSessionEvent(AbstractSessionEvent event) {
			this.events.add(event);
		}

	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

	@Test
	void aLoginSurvivesMovingBetweenTwoInstances() throws Exception {
		try (ConfigurableApplicationContext first = start()) {
			assertThat(first.getBean(ReactiveSessionRepository.class)).isInstanceOf(CachalotReactiveSessionRepository.class);
			int cachePort = first.getBean(EmbeddedCachalotServer.class).getPort();
			try (ConfigurableApplicationContext second = start("spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + cachePort)) {
				LoginClient browser = new LoginClient();
				browser.login(first, "ada", "secret");
				HttpResponse<String> onSecond = browser.get(second, "/whoami");
				assertThat(onSecond.statusCode()).isEqualTo(200);
				assertThat(onSecond.body()).isEqualTo("ada");
				// session attributes written by one instance are read by the other
				for (int i = 1; i <= 4; i++) {
					HttpResponse<String> visits = browser.get((i % 2 == 0) ? first : second, "/visits");
					assertThat(visits.body()).isEqualTo(Integer.toString(i));
				}
				assertThat(first.getBean(App.class).events).hasAtLeastOneElementOfType(SessionCreatedEvent.class);
			}
		}
	}

}
