package io.cachalot.sample.security;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.HttpStatusServerEntryPoint;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.WebFilter;

import io.cachalot.sample.JsonResponse;

/**
 * Who may do what. Browsing is open; the cart needs a login; repricing and the cache
 * server switch need the {@code ADMIN} role.
 * <p>
 * The page is a single-page app: login and logout answer with a status, not a redirect,
 * and the CSRF token travels in the {@code XSRF-TOKEN} cookie. Open requests never touch
 * the session (no anonymous authentication, no saved requests), so browsing keeps working
 * from the database while the cache server — where sessions live — is down. For the same
 * reason the admin API is stateless HTTP Basic: it must still work when it is the session
 * store that is switched off.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	static final String PASSWORD = "cachalot";

	@Bean
	@Order(1)
	SecurityWebFilterChain adminApi(ServerHttpSecurity http) {
		return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/api/admin/**"))
			.authorizeExchange(exchanges -> exchanges.anyExchange().hasRole("ADMIN"))
			.httpBasic(basic -> basic.authenticationEntryPoint(new HttpStatusServerEntryPoint(HttpStatus.UNAUTHORIZED)))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.build();
	}

	@Bean
	@Order(2)
	SecurityWebFilterChain application(ServerHttpSecurity http) {
		return http
			.authorizeExchange(exchanges -> exchanges.pathMatchers("/api/cart/**")
				.authenticated()
				.pathMatchers(HttpMethod.PUT, "/api/products/**")
				.hasRole("ADMIN")
				.anyExchange()
				.permitAll())
			.formLogin(form -> form.authenticationSuccessHandler(
					(exchange, authentication) -> JsonResponse.write(exchange.getExchange().getResponse(), HttpStatus.OK,
							"{\"username\":\"" + authentication.getName() + "\"}"))
				.authenticationFailureHandler((exchange, failure) -> JsonResponse.write(exchange.getExchange().getResponse(),
						HttpStatus.UNAUTHORIZED, "{\"error\":\"wrong username or password\"}"))
				.requiresAuthenticationMatcher(ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, "/login")))
			.logout(logout -> logout.logoutSuccessHandler((exchange, authentication) -> JsonResponse.write(
					exchange.getExchange().getResponse(), HttpStatus.OK, "{\"username\":null}")))
			.exceptionHandling(handling -> handling
				.authenticationEntryPoint(new HttpStatusServerEntryPoint(HttpStatus.UNAUTHORIZED)))
			.anonymous(ServerHttpSecurity.AnonymousSpec::disable)
			.requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.csrf(csrf -> csrf.csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse())
				.csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler()))
			.build();
	}

	/** Issues the CSRF cookie on every page load, so the page's scripts can send it back. */
	@Bean
	WebFilter csrfCookieWebFilter() {
		return (exchange, chain) -> {
			Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
			return (token != null) ? token.then(chain.filter(exchange)) : chain.filter(exchange);
		};
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	/** The demo's shoppers, {@code alice} and {@code bob}, and {@code admin}; all with password "cachalot". */
	@Bean
	MapReactiveUserDetailsService users(PasswordEncoder encoder) {
		String password = encoder.encode(PASSWORD);
		return new MapReactiveUserDetailsService(User.withUsername("alice").password(password).roles("USER").build(),
				User.withUsername("bob").password(password).roles("USER").build(),
				User.withUsername("admin").password(password).roles("USER", "ADMIN").build());
	}

}
