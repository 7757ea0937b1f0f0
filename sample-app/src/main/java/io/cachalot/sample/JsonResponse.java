package io.cachalot.sample;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

/** A short JSON answer written outside a controller (security handlers, error handlers). */
public final class JsonResponse {

	private JsonResponse() {
	}

	public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String json) {
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(json.getBytes(StandardCharsets.UTF_8))));
	}

}
