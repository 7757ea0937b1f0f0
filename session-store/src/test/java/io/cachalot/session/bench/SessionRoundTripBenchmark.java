package io.cachalot.session.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import io.cachalot.server.CachalotServer;
import io.cachalot.session.CachalotSessionRepository;
import io.cachalot.session.SessionAttributeCodec;
import io.cachalot.session.SessionKeys;
import io.cachalot.session.SessionStore;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.StringRedisSerializer;
import org.springframework.session.FlushMode;
import org.springframework.session.SaveMode;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * Session load + save round trips per second — find a session, change one attribute, save —
 * with Cachalot's session store and with Spring Session Data Redis's two repositories, on one
 * server in one run, alternating which goes first. Prints CSV:
 * {@code repository,round,round_trips_per_s}; {@code bench/session-compare.sh} summarises.
 * Arguments: [port of a running server, or 0 for an in-process Cachalot] [rounds] [seconds]
 * [threads].
 */
public final class SessionRoundTripBenchmark {

	private static final int SESSIONS = 1000;

	record Cart(List<String> items, int total) implements java.io.Serializable {
	}

	public static void main(String[] args) throws Exception {
		int port = (args.length > 0) ? Integer.parseInt(args[0]) : 0;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 3;
		int seconds = (args.length > 2) ? Integer.parseInt(args[2]) : 5;
		int threads = (args.length > 3) ? Integer.parseInt(args[3]) : 16;
		CachalotServer server = (port == 0) ? CachalotServer.builder().port(0).start() : null;
		int target = (server != null) ? server.port() : port;
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", target));
		factory.afterPropertiesSet();
		factory.start();
		try {
			Map<String, SessionRepository<? extends Session>> repositories = new java.util.LinkedHashMap<>();
			repositories.put("cachalot", new CachalotSessionRepository(
					new SessionStore(factory, new SessionKeys("bench-cachalot"), SessionAttributeCodec.json(
							SessionRoundTripBenchmark.class.getClassLoader()), SaveMode.ON_SET_ATTRIBUTE),
					Duration.ofMinutes(30), FlushMode.ON_SAVE, Duration.ofSeconds(5), null));
			RedisSessionRepository simple = new RedisSessionRepository(template(factory));
			simple.setRedisKeyNamespace("bench-spring");
			repositories.put("spring-session-redis", simple);
			RedisIndexedSessionRepository indexed = new RedisIndexedSessionRepository(template(factory));
			indexed.setRedisKeyNamespace("bench-spring-indexed");
			indexed.afterPropertiesSet();
			repositories.put("spring-session-redis-indexed", indexed);
			Map<String, List<String>> ids = new java.util.HashMap<>();
			for (var e : repositories.entrySet()) {
				ids.put(e.getKey(), createSessions(e.getValue()));
			}
			System.out.println("repository,round,round_trips_per_s");
			List<String> order = new ArrayList<>(repositories.keySet());
			run(order.get(0), repositories, ids, 2, threads); // warm-up
			for (int round = 1; round <= rounds; round++) {
				if (round % 2 == 0) {
					java.util.Collections.reverse(order);
				}
				for (String name : order) {
					long rate = run(name, repositories, ids, seconds, threads);
					System.out.println(name + "," + round + "," + rate);
				}
			}
		}
		finally {
			factory.destroy();
			if (server != null) {
				server.close();
			}
		}
		// Spring Session's indexed repository leaves a scheduler thread behind
		System.exit(0);
	}

	private static RedisTemplate<String, Object> template(LettuceConnectionFactory factory) {
		RedisTemplate<String, Object> template = new RedisTemplate<>();
		template.setConnectionFactory(factory);
		template.setKeySerializer(new StringRedisSerializer());
		template.setHashKeySerializer(new StringRedisSerializer());
		template.setValueSerializer(new JdkSerializationRedisSerializer());
		template.setHashValueSerializer(new JdkSerializationRedisSerializer());
		template.afterPropertiesSet();
		return template;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static List<String> createSessions(SessionRepository repository) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < SESSIONS; i++) {
			Session s = repository.createSession();
			s.setAttribute("user", "user-" + i);
			s.setAttribute("visits", i);
			s.setAttribute("cart", new Cart(List.of("kettle", "mug", "tea"), 42));
			s.setAttribute("locale", "en-GB");
			s.setAttribute("theme", "dark");
			repository.save(s);
			ids.add(s.getId());
		}
		return ids;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static long run(String name, Map<String, SessionRepository<? extends Session>> repositories,
			Map<String, List<String>> ids, int seconds, int threads) throws InterruptedException {
		SessionRepository repository = repositories.get(name);
		List<String> sessionIds = ids.get(name);
		LongAdder done = new LongAdder();
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		CountDownLatch finished = new CountDownLatch(threads);
		for (int t = 0; t < threads; t++) {
			Thread worker = new Thread(() -> {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				while (System.nanoTime() < end) {
					Session s = repository.findById(sessionIds.get(random.nextInt(sessionIds.size())));
					s.setAttribute("visits", random.nextInt());
					s.setLastAccessedTime(java.time.Instant.now());
					repository.save(s);
					done.increment();
				}
				finished.countDown();
			});
			worker.start();
		}
		finished.await();
		return done.sum() / seconds;
	}

}
