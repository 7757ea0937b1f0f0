package io.cachalot.spring.session;

import java.net.http.HttpResponse;
import java.security.Principal;

import io.cachalot.session.CachalotSessionRepository;
import io.cachalot.spring.embedded.EmbeddedCachalotServer;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.session.SessionRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two servlet (Tomcat) application instances with Spring Security share sessions through one
 * Cachalot server with nothing but the starter; the login's security context indexes the
 * session by principal name.
 */
class CachalotServletSessionTests {

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@RestController
	static class App {

		@Bean
		SecurityFilterChain security(HttpSecurity http) throws Exception {
			return http.csrf(AbstractHttpConfigurer::disable)
				.authorizeHttpRequests(a -> a.requestMatchers("/login").permitAll().anyRequest().authenticated())
				.formLogin(Customizer.withDefaults())
				.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(User.withUsername("lin").password("{noop}secret").roles("USER").build());
		}

		@GetMapping("/whoami")
		String whoami(Principal principal, HttpSession session) {
			Integer visits = (Integer) session.getAttribute("visits");
			session.setAttribute("visits", (visits == null) ? 1 : visits + 1);
			return principal.getName() + ":" + session.getAttribute("visits");
		}

	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

	@Test
	void aServletLoginSurvivesMovingBetweenTwoInstances() throws Exception {
		try (ConfigurableApplicationContext first = start()) {
			assertThat(first.getBean(SessionRepository.class)).isInstanceOf(CachalotSessionRepository.class);
			int cachePort = first.getBean(EmbeddedCachalotServer.class).getPort();
			try (ConfigurableApplicationContext second = start("spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + cachePort)) {
				LoginClient browser = new LoginClient();
				browser.login(first, "lin", "secret");
				for (int i = 1; i <= 3; i++) {
					HttpResponse<String> me = browser.get((i % 2 == 0) ? first : second, "/whoami");
					assertThat(me.statusCode()).isEqualTo(200);
					assertThat(me.body()).isEqualTo("lin:" + i);
				}
				// the security context in the session indexes it under the user's name
				CachalotSessionRepository sessions = second.getBean(CachalotSessionRepository.class);
				assertThat(sessions.findByPrincipalName("lin")).hasSize(1);
			}
		}
	}

}
