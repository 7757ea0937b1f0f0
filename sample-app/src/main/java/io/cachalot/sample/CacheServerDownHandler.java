package io.cachalot.sample;

import io.lettuce.core.RedisException;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * A request that needed the cache server — its session, the cart, the leaderboard — while
 * the server is away gets 503 and a sentence saying so, not a 500 and a stack trace in the
 * log for every request. (Cached reads never get here: they fall back to the database.)
 */
@Component
@Order(-2) // before Boot's error handler
class CacheServerDownHandler implements WebExceptionHandler {

	private static final String BODY = "{\"error\":\"the cache server does not answer: sessions, the cart and the "
			+ "leaderboard are unavailable until it is back\"}";

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (!cacheServerDown(ex) || exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		return JsonResponse.write(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE, BODY);
	}

	private static boolean cacheServerDown(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RedisException || cause instanceof DataAccessResourceFailureException) {
				return true;
			}
		}
		return false;
	}

}
