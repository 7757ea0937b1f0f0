package io.cachalot.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.session.SaveMode;
import org.springframework.session.Session;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.session.events.SessionExpiredEvent;

/** Publishes Spring Session's created / deleted / expired events in the application, if asked to. */
final class SessionEvents {

	private final ApplicationEventPublisher publisher;

	private final Object source;

	SessionEvents(ApplicationEventPublisher publisher, Object source) {
		this.publisher = publisher;
		this.source = source;
	}

	void created(Session session) {
		if (this.publisher != null) {
			this.publisher.publishEvent(new SessionCreatedEvent(this.source, session));
		}
	}

	void deleted(Session session) {
		if (this.publisher != null) {
			this.publisher.publishEvent(new SessionDeletedEvent(this.source, session));
		}
	}

	void expired(SessionStore.ExpiredSession expired) {
		if (this.publisher == null) {
			return;
		}
		Session session = expired.session();
		if (session == null) {
			// its data outlived the grace period: the event still names the id
			Instant now = Instant.now();
			session = new CachalotSession(expired.id(), now, now, Duration.ZERO, Map.of(), Set.of(), SaveMode.ON_SET_ATTRIBUTE);
		}
		this.publisher.publishEvent(new SessionExpiredEvent(this.source, session));
	}

}
