package io.cachalot.sample;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Counts visits per page in the cache server: the smallest end-to-end path through it. */
@RestController
class VisitController {

	private final ReactiveStringRedisTemplate redis;

	VisitController(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	@GetMapping("/api/visits/{page}")
	Mono<Map<String, Object>> visit(@PathVariable String page) {
		return this.redis.opsForValue()
			.increment("sample:visits:" + page)
			.map(count -> Map.of("page", page, "visits", count));
	}

}
