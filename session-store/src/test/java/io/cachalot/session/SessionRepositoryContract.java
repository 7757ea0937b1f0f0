package io.cachalot.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationEvent;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.FlushMode;
import org.springframework.session.SaveMode;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.session.events.SessionExpiredEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository contract, run against a server given by the subclass (the embedded Cachalot
 * server, one with CONFIG disabled, the real Redis): create, save, find, delete, expire,
 * change id, attributes added, updated and removed, the principal index, events with one
 * and two instances, concurrent updates of one session, unreadable attributes, and the
 * reactive and servlet repositories sharing sessions.
 */
abstract class SessionRepositoryContract {

	protected LettuceConnectionFactory connectionFactory;

	protected final List<ApplicationEvent> events = new CopyOnWriteArrayList<>();

	protected String namespace;

	protected CachalotReactiveSessionRepository reactive;

	protected CachalotSessionRepository servlet;

	/** A connection factory for the server under test (started). */
	protected abstract LettuceConnectionFactory connect();

	/** A started connection factory for {@code config}. */
	protected static LettuceConnectionFactory started(RedisStandaloneConfiguration config) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(config);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/** Anything to stop after each test. */
	protected void stopServer() {
	}

	@BeforeEach
	void setUp() {
		this.connectionFactory = connect();
		this.namespace = "cachalot-session-test-" + UUID.randomUUID();
		this.reactive = reactiveRepository(SaveMode.ON_SET_ATTRIBUTE);
		this.servlet = servletRepository(FlushMode.ON_SAVE);
	}

	@AfterEach
	void tearDown() {
		StringRedisTemplate redis = new StringRedisTemplate(this.connectionFactory);
		redis.afterPropertiesSet();
		var keys = redis.keys("{" + this.namespace + "}*");
		if (keys != null && !keys.isEmpty()) {
			redis.delete(keys);
		}
		this.connectionFactory.destroy();
		stopServer();
	}

	protected SessionStore store(SaveMode saveMode) {
		return new SessionStore(this.connectionFactory, new SessionKeys(this.namespace),
				SessionAttributeCodec.json(getClass().getClassLoader()), saveMode);
	}

	protected CachalotReactiveSessionRepository reactiveRepository(SaveMode saveMode) {
		return new CachalotReactiveSessionRepository(store(saveMode), Duration.ofMinutes(30), event -> this.events.add((ApplicationEvent) event));
	}

	protected CachalotSessionRepository servletRepository(FlushMode flushMode) {
		return new CachalotSessionRepository(store(SaveMode.ON_SET_ATTRIBUTE), Duration.ofMinutes(30), flushMode,
				Duration.ofSeconds(5), event -> this.events.add((ApplicationEvent) event));
	}

	record Cart(List<String> items, int total) {
	}

	@Test
	void createSaveFindWithAttributesAndMetadata() {
		CachalotSession session = this.servlet.createSession();
		session.setAttribute("name", "Ada");
		session.setAttribute("visits", 3);
		session.setAttribute("cart", new Cart(List.of("kettle", "mug"), 42));
		this.servlet.save(session);
		CachalotSession found = this.servlet.findById(session.getId());
		assertThat(found.<String>getAttribute("name")).isEqualTo("Ada");
		assertThat(found.<Integer>getAttribute("visits")).isEqualTo(3);
		assertThat(found.<Cart>getAttribute("cart")).isEqualTo(new Cart(List.of("kettle", "mug"), 42));
		assertThat(found.getCreationTime()).isEqualTo(session.getCreationTime());
		assertThat(found.getLastAccessedTime()).isEqualTo(session.getLastAccessedTime());
		assertThat(found.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
		assertThat(this.events).hasOnlyElementsOfType(SessionCreatedEvent.class).hasSize(1);
		// update and remove
		found.setAttribute("visits", 4);
		found.removeAttribute("name");
		this.servlet.save(found);
		CachalotSession again = this.servlet.findById(session.getId());
		assertThat(again.getAttributeNames()).containsExactlyInAnyOrder("visits", "cart");
		assertThat(again.<Integer>getAttribute("visits")).isEqualTo(4);
		assertThat(this.servlet.findById("no-such-session")).isNull();
	}

	@Test
	void deleteRemovesTheSessionAndPublishesAnEvent() {
		CachalotSession session = this.servlet.createSession();
		session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "ada");
		this.servlet.save(session);
		this.servlet.deleteById(session.getId());
		assertThat(this.servlet.findById(session.getId())).isNull();
		assertThat(this.servlet.findByPrincipalName("ada")).isEmpty();
		assertThat(this.events).hasAtLeastOneElementOfType(SessionDeletedEvent.class);
		// a request still holding the deleted session must not bring it back
		session.setAttribute("late", "write");
		this.servlet.save(session);
		assertThat(this.servlet.findById(session.getId())).isNull();
	}

	@Test
	void changingTheIdMovesEverythingAtOnce() {
		CachalotSession session = this.servlet.createSession();
		session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "bob");
		session.setAttribute("step", 1);
		this.servlet.save(session);
		String oldId = session.getId();
		String newId = session.changeSessionId();
		session.setAttribute("step", 2);
		this.servlet.save(session);
		assertThat(this.servlet.findById(oldId)).isNull();
		assertThat(this.servlet.findById(newId).<Integer>getAttribute("step")).isEqualTo(2);
		assertThat(this.servlet.findByPrincipalName("bob")).containsOnlyKeys(newId);
	}

	@Test
	void principalIndexFollowsTheSession() {
		CachalotSession a = this.servlet.createSession();
		a.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "carol");
		this.servlet.save(a);
		CachalotSession b = this.reactive.createSession().block();
		b.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "carol");
		this.reactive.save(b).block();
		assertThat(this.servlet.findByPrincipalName("carol")).containsOnlyKeys(a.getId(), b.getId());
		assertThat(this.reactive.findByPrincipalName("carol").block()).containsOnlyKeys(a.getId(), b.getId());
		b.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "dave");
		this.reactive.save(b).block();
		assertThat(this.servlet.findByPrincipalName("carol")).containsOnlyKeys(a.getId());
		assertThat(this.servlet.findByPrincipalName("dave")).containsOnlyKeys(b.getId());
		assertThat(this.servlet.findByIndexNameAndIndexValue("other-index", "carol")).isEmpty();
	}

	@Test
	void expiredSessionsAreGoneAndPublishedOnceAcrossInstances() throws Exception {
		CachalotSession session = this.servlet.createSession();
		session.setMaxInactiveInterval(Duration.ofSeconds(1));
		session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "erin");
		session.setAttribute("cart", "full");
		this.servlet.save(session);
		// two application instances, each with its own sweeper, on one store
		CachalotReactiveSessionRepository instanceA = reactiveRepository(SaveMode.ON_SET_ATTRIBUTE);
		CachalotReactiveSessionRepository instanceB = reactiveRepository(SaveMode.ON_SET_ATTRIBUTE);
		try (SessionExpirySweeper sweeperA = new SessionExpirySweeper(instanceA, Duration.ofMillis(100));
				SessionExpirySweeper sweeperB = new SessionExpirySweeper(instanceB, Duration.ofMillis(100))) {
			Thread.sleep(1300);
			assertThat(this.servlet.findById(session.getId())).isNull();
			long deadline = System.currentTimeMillis() + 5_000;
			while (this.events.stream().noneMatch(e -> e instanceof SessionExpiredEvent)) {
				assertThat(System.currentTimeMillis()).isLessThan(deadline);
				Thread.sleep(20);
			}
			Thread.sleep(400);
		}
		List<SessionExpiredEvent> expired = this.events.stream()
			.filter(SessionExpiredEvent.class::isInstance)
			.map(SessionExpiredEvent.class::cast)
			.toList();
		assertThat(expired).hasSize(1);
		assertThat(expired.get(0).getSessionId()).isEqualTo(session.getId());
		assertThat(expired.get(0).getSession().<String>getAttribute("cart")).isEqualTo("full");
		assertThat(this.servlet.findByPrincipalName("erin")).isEmpty();
	}

	@Test
	void concurrentRequestsChangingDifferentAttributesLoseNothing() throws Exception {
		CachalotSession session = this.servlet.createSession();
		this.servlet.save(session);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> requests = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				int n = i;
				requests.add(pool.submit(() -> {
					CachalotSession mine = this.servlet.findById(session.getId());
					mine.setAttribute("attr" + n, "value" + n);
					mine.setLastAccessedTime(java.time.Instant.now());
					this.servlet.save(mine);
				}));
			}
			for (Future<?> r : requests) {
				r.get(10, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		CachalotSession merged = this.servlet.findById(session.getId());
		for (int i = 0; i < 8; i++) {
			assertThat(merged.<String>getAttribute("attr" + i)).isEqualTo("value" + i);
		}
	}

	@Test
	void anAttributeThatNoLongerReadsIsDroppedAndCounted() {
		CachalotSession session = this.servlet.createSession();
		session.setAttribute("keep", "me");
		this.servlet.save(session);
		StringRedisTemplate redis = new StringRedisTemplate(this.connectionFactory);
		redis.afterPropertiesSet();
		String key = new SessionKeys(this.namespace).session(session.getId());
		// what a previous deploy left: a class that no longer exists
		redis.opsForHash().put(key, "attr:old", "J{\"@class\":\"com.example.GoneSince42\",\"x\":1}");
		CachalotSession loaded = this.servlet.findById(session.getId());
		assertThat(loaded.getAttributeNames()).containsExactly("keep");
		assertThat(this.servlet.getStore().unreadableAttributes()).isEqualTo(1);
		this.servlet.save(loaded);
		assertThat(redis.opsForHash().hasKey(key, "attr:old")).isFalse();
	}

	@Test
	void reactiveAndServletRepositoriesShareSessions() {
		CachalotSession fromWebFlux = this.reactive.createSession().block();
		fromWebFlux.setAttribute("cart", new Cart(List.of("tea"), 5));
		this.reactive.save(fromWebFlux).block();
		CachalotSession inServlet = this.servlet.findById(fromWebFlux.getId());
		assertThat(inServlet.<Cart>getAttribute("cart").items()).containsExactly("tea");
		inServlet.setAttribute("seen", true);
		this.servlet.save(inServlet);
		assertThat(this.reactive.findById(fromWebFlux.getId()).block().<Boolean>getAttribute("seen")).isTrue();
	}

	@Test
	void immediateFlushWritesEachChange() {
		CachalotSessionRepository immediate = servletRepository(FlushMode.IMMEDIATE);
		CachalotSession session = immediate.createSession();
		session.setAttribute("now", "visible");
		assertThat(this.servlet.findById(session.getId()).<String>getAttribute("now")).isEqualTo("visible");
	}

	@Test
	void saveModesDecideWhatIsWritten() {
		CachalotSessionRepository onGet = new CachalotSessionRepository(store(SaveMode.ON_GET_ATTRIBUTE),
				Duration.ofMinutes(30), FlushMode.ON_SAVE, Duration.ofSeconds(5), null);
		CachalotSession session = onGet.createSession();
		session.setAttribute("list", new ArrayList<>(List.of("a")));
		onGet.save(session);
		CachalotSession loaded = onGet.findById(session.getId());
		List<String> list = loaded.getAttribute("list");
		list.add("b");
		onGet.save(loaded);
		assertThat(onGet.findById(session.getId()).<List<String>>getAttribute("list")).containsExactly("a", "b");
		Map<String, CachalotSession> none = onGet.findByPrincipalName("nobody");
		assertThat(none).isEmpty();
	}

}
