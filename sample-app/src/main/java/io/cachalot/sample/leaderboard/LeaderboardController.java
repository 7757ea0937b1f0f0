package io.cachalot.sample.leaderboard;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The leaderboard now ({@code GET /api/leaderboard}) and as it changes
 * ({@code GET /api/leaderboard/stream}, server-sent events): the current standings first,
 * then new standings whenever a view is published — at most four times a second however
 * busy the board is. When the cache server goes away the stream ends and the browser's
 * EventSource reconnects on its own.
 */
@RestController
@RequestMapping("/api/leaderboard")
class LeaderboardController {

	private static final int SIZE = 10;

	private static final Duration COALESCE = Duration.ofMillis(250);

	private final Leaderboard leaderboard;

	LeaderboardController(Leaderboard leaderboard) {
		this.leaderboard = leaderboard;
	}

	@GetMapping
	Mono<List<Leaderboard.Entry>> top() {
		return this.leaderboard.top(SIZE);
	}

	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<List<Leaderboard.Entry>>> stream() {
		Flux<Object> triggers = Flux.merge(Flux.just("initial"), this.leaderboard.changes().sample(COALESCE));
		return triggers.concatMap(trigger -> this.leaderboard.top(SIZE))
			.map(top -> ServerSentEvent.builder(top).event("leaderboard").retry(Duration.ofSeconds(2)).build());
	}

}
