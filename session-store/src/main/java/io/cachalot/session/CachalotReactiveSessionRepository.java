package io.cachalot.session;

import java.time.Duration;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.session.ReactiveFindByIndexNameSessionRepository;
import org.springframework.session.ReactiveSessionRepository;

/**
 * Spring Session's reactive repository (WebFlux) over any Redis-protocol server, indexed by
 * principal name; same storage as {@link CachalotSessionRepository}, so a reactive and a
 * servlet application share sessions.
 */
public class CachalotReactiveSessionRepository implements ReactiveSessionRepository<CachalotSession>,
		ReactiveFindByIndexNameSessionRepository<CachalotSession> {

	private final SessionStore store;

	private final Duration defaultMaxInactiveInterval;

	private final SessionEvents events;

	public CachalotReactiveSessionRepository(SessionStore store, Duration defaultMaxInactiveInterval,
			ApplicationEventPublisher publisher) {
		this.store = store;
		this.defaultMaxInactiveInterval = defaultMaxInactiveInterval;
		this.events = new SessionEvents(publisher, this);
	}

	public SessionStore getStore() {
		return this.store;
	}

	@Override
	public Mono<CachalotSession> createSession() {
		return Mono.fromSupplier(() -> new CachalotSession(this.defaultMaxInactiveInterval, this.store.saveMode()));
	}

	@Override
	public Mono<Void> save(CachalotSession session) {
		boolean created = session.isNew();
		return this.store.save(session).doOnNext(saved -> {
			if (saved && created) {
				this.events.created(session);
			}
		}).then();
	}

	@Override
	public Mono<CachalotSession> findById(String id) {
		return this.store.load(id);
	}

	@Override
	public Mono<Void> deleteById(String id) {
		return this.store.load(id)
			.flatMap(session -> this.store.delete(id).doOnNext(deleted -> {
				if (deleted) {
					this.events.deleted(session);
				}
			}))
			.switchIfEmpty(this.store.delete(id))
			.then();
	}

	@Override
	public Mono<Map<String, CachalotSession>> findByIndexNameAndIndexValue(String indexName, String indexValue) {
		if (!PrincipalNames.isPrincipalIndex(indexName)) {
			return Mono.just(Map.of());
		}
		return this.store.findByPrincipal(indexValue);
	}

	SessionEvents events() {
		return this.events;
	}

}
