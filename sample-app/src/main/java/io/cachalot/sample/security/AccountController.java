package io.cachalot.sample.security;

import java.net.InetSocketAddress;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who is signed in, and which instance of the app answered: with two instances sharing the
 * session store, a login made on one shows up here on the other.
 */
@RestController
class AccountController {

	private final String instance;

	AccountController(@Value("${spring.application.name}") String name) {
		this.instance = name;
	}

	@GetMapping("/api/me")
	Mono<Account> me(ServerWebExchange exchange) {
		InetSocketAddress local = exchange.getRequest().getLocalAddress();
		String servedBy = this.instance + ((local != null) ? ":" + local.getPort() : "");
		return ReactiveSecurityContextHolder.getContext()
			.map(SecurityContext::getAuthentication)
			.filter(Authentication::isAuthenticated)
			.map(auth -> new Account(auth.getName(),
					auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList(), servedBy))
			.defaultIfEmpty(new Account(null, List.of(), servedBy));
	}

	record Account(String username, List<String> roles, String servedBy) {
	}

}
