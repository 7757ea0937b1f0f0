package io.cachalot.session;

import java.time.Duration;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.FlushMode;

/**
 * Spring Session's servlet repository over any Redis-protocol server, indexed by principal
 * name (Spring Security's "find my other sessions" and session concurrency control). With
 * {@link FlushMode#IMMEDIATE} every change is written as it happens; with {@code ON_SAVE}
 * (the default) once per request.
 */
public class CachalotSessionRepository implements FindByIndexNameSessionRepository<CachalotSession> {

	private final CachalotReactiveSessionRepository reactive;

	private final FlushMode flushMode;

	private final Duration timeout;

	public CachalotSessionRepository(SessionStore store, Duration defaultMaxInactiveInterval, FlushMode flushMode,
			Duration timeout, ApplicationEventPublisher publisher) {
		this.reactive = new CachalotReactiveSessionRepository(store, defaultMaxInactiveInterval, publisher);
		this.flushMode = flushMode;
		this.timeout = timeout;
	}

	public SessionStore getStore() {
		return this.reactive.getStore();
	}

	/** The reactive repository this one blocks on (same store, same events). */
	public CachalotReactiveSessionRepository getReactiveRepository() {
		return this.reactive;
	}

	@Override
	public CachalotSession createSession() {
		CachalotSession session = this.reactive.createSession().block(this.timeout);
		flushImmediately(session);
		if (this.flushMode == FlushMode.IMMEDIATE) {
			save(session);
		}
		return session;
	}

	@Override
	public void save(CachalotSession session) {
		this.reactive.save(session).block(this.timeout);
	}

	@Override
	public CachalotSession findById(String id) {
		CachalotSession session = this.reactive.findById(id).block(this.timeout);
		if (session != null) {
			flushImmediately(session);
		}
		return session;
	}

	@Override
	public void deleteById(String id) {
		this.reactive.deleteById(id).block(this.timeout);
	}

	@Override
	public Map<String, CachalotSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
		Map<String, CachalotSession> found = this.reactive.findByIndexNameAndIndexValue(indexName, indexValue)
			.block(this.timeout);
		return (found != null) ? found : Map.of();
	}

	private void flushImmediately(CachalotSession session) {
		if (this.flushMode == FlushMode.IMMEDIATE) {
			session.onChange(this::save);
		}
	}

}
