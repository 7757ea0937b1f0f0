package io.cachalot.sample.catalog;

import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Whether answering a request reached the database — so the page can say "from the cache"
 * or "from the database" and mean it. The caller {@link #track tracks} a call; the repository
 * {@link #mark marks} each statement it runs; the flag travels in the Reactor context, through
 * the caching proxy, which only subscribes to the repository on a cache miss.
 */
public final class DatabaseAccess {

	private final AtomicBoolean used = new AtomicBoolean();

	private DatabaseAccess() {
	}

	/** Runs {@code call} and tells whether the database answered any of it. */
	public static <T> Mono<Tracked<T>> track(Mono<T> call) {
		return Mono.defer(() -> {
			DatabaseAccess access = new DatabaseAccess();
			return call.map(value -> new Tracked<>(value, access.used.get()))
				.contextWrite(Context.of(DatabaseAccess.class, access));
		});
	}

	static <T> Mono<T> mark(Mono<T> statement) {
		return Mono.deferContextual(context -> {
			context.<DatabaseAccess>getOrEmpty(DatabaseAccess.class).ifPresent(access -> access.used.set(true));
			return statement;
		});
	}

	static <T> Flux<T> mark(Flux<T> statement) {
		return Flux.deferContextual(context -> {
			context.<DatabaseAccess>getOrEmpty(DatabaseAccess.class).ifPresent(access -> access.used.set(true));
			return statement;
		});
	}

	/** A result, and whether the database was asked for it. */
	public record Tracked<T>(T value, boolean fromDatabase) {
	}

}
