package io.cachalot.sample.leaderboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.ReactiveSubscription;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

import io.cachalot.sample.catalog.Product;

/**
 * The most viewed products: a sorted set scored by views ({@code ZINCRBY}) and a hash of
 * their names, both in the cache server. Each view is published on a channel, so every
 * instance of the app can push the new standings to its browsers as they change.
 * <p>
 * The leaderboard is a nice-to-have: when the cache server is away a view is not counted
 * (after a short timeout) rather than failing the product page.
 */
@Component
public class Leaderboard {

	private static final Log log = LogFactory.getLog(Leaderboard.class);

	static final String SCORES = "sample:leaderboard:views";

	static final String NAMES = "sample:leaderboard:names";

	static final String UPDATES = "sample:leaderboard:updates";

	private static final Duration TIMEOUT = Duration.ofMillis(300);

	private final ReactiveStringRedisTemplate redis;

	private final Flux<String> changes;

	public Leaderboard(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
		// one subscription for every browser of this instance, made while any is listening
		this.changes = Flux.defer(() -> redis.listenToChannel(UPDATES))
			.map(ReactiveSubscription.Message::getMessage)
			.share();
	}

	/** Counts one view of {@code product} and tells the other subscribers. */
	public Mono<Void> viewed(Product product) {
		String member = Long.toString(product.id());
		return this.redis.opsForHash()
			.put(NAMES, member, product.name())
			.then(this.redis.opsForZSet().incrementScore(SCORES, member, 1))
			.flatMap(score -> this.redis.convertAndSend(UPDATES, member))
			.timeout(TIMEOUT)
			.doOnError(ex -> log.debug("View of product " + member + " not counted: " + ex))
			.onErrorResume(ex -> Mono.empty())
			.then();
	}

	/** The {@code size} most viewed products, most viewed first. */
	public Mono<List<Entry>> top(int size) {
		return this.redis.opsForZSet()
			.reverseRangeWithScores(SCORES, Range.closed(0L, (long) size - 1))
			.collectList()
			.flatMap(scored -> {
				List<Object> members = new ArrayList<>(scored.size());
				scored.forEach(s -> members.add(s.getValue()));
				if (members.isEmpty()) {
					return Mono.just(List.<Entry>of());
				}
				return this.redis.opsForHash().multiGet(NAMES, members).map(names -> {
					List<Entry> entries = new ArrayList<>(scored.size());
					for (int i = 0; i < scored.size(); i++) {
						Object name = names.get(i);
						entries.add(new Entry(Long.parseLong(scored.get(i).getValue()),
								(name != null) ? name.toString() : "#" + scored.get(i).getValue(),
								scored.get(i).getScore().longValue()));
					}
					return entries;
				});
			});
	}

	/** One signal per published view, from any instance. */
	public Flux<String> changes() {
		return this.changes;
	}

	/** A product's place on the board. */
	public record Entry(long productId, String name, long views) {
	}

}
