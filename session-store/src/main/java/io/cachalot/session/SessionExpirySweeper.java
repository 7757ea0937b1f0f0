package io.cachalot.session;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes {@code SessionExpiredEvent}s without keyspace notifications: every
 * {@code interval} it reads the ids whose expiry time passed from the expiry index and claims
 * each ({@link SessionStore#claimExpired}); the claim succeeds in exactly one application
 * instance, so each expiry is published once however many instances share the store.
 */
public class SessionExpirySweeper implements AutoCloseable {

	private static final System.Logger LOG = System.getLogger(SessionExpirySweeper.class.getName());

	private static final int BATCH = 100;

	private final SessionStore store;

	private final SessionEvents events;

	private final ScheduledExecutorService scheduler;

	public SessionExpirySweeper(CachalotReactiveSessionRepository repository, Duration interval) {
		this.store = repository.getStore();
		this.events = repository.events();
		this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "cachalot-session-expiry");
			t.setDaemon(true);
			return t;
		});
		this.scheduler.scheduleWithFixedDelay(this::sweepQuietly, interval.toMillis(), interval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/** Claims and publishes the sessions expired by now; returns how many. */
	public long sweep() {
		Instant now = Instant.now();
		Long published = this.store.expiredIds(now, BATCH)
			.concatMap(id -> this.store.claimExpired(id, now))
			.doOnNext(this.events::expired)
			.count()
			.block(Duration.ofSeconds(30));
		return (published != null) ? published : 0;
	}

	private void sweepQuietly() {
		try {
			while (sweep() == BATCH) {
				// more waiting: go on
			}
		}
		catch (RuntimeException ex) {
			LOG.log(System.Logger.Level.DEBUG, "session expiry sweep failed; retrying next time", ex);
		}
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
