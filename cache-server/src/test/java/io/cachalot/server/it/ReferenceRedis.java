package io.cachalot.server.it;

import java.net.URI;

import org.junit.jupiter.api.Assumptions;

/**
 * Connections to the reference Redis of differential tests ({@code REDIS_URL}, default
 * {@code redis://127.0.0.1:6379}); the calling test is skipped with a message when none is
 * reachable.
 */
final class ReferenceRedis {

	private ReferenceRedis() {
	}

	private static URI uri() {
		return URI.create(System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379"));
	}

	/** A new connection (after {@link #connectOrSkip()} found the server reachable). */
	static RespClient connect() {
		URI uri = uri();
		return new RespClient(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 6379);
	}

	static RespClient connectOrSkip() {
		URI uri = uri();
		try {
			RespClient client = connect();
			client.call("PING");
			return client;
		}
		catch (RuntimeException ex) {
			Assumptions.abort("No reference Redis reachable at " + uri + " (set REDIS_URL): differential test skipped");
			throw ex;
		}
	}

}
