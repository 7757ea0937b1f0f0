package io.cachalot.spring.near;

import java.time.Duration;

import io.cachalot.server.CachalotServer;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The near cache stays off on a server that cannot track (here: CLIENT disabled) and on a cluster client. */
class TrackingInvalidationsTests {

	@Test
	void offOnAServerWithoutClientTracking() {
		try (CachalotServer server = CachalotServer.builder().port(0).renameCommand("client", "").start()) {
			RedisClient client = RedisClient.create("redis://127.0.0.1:" + server.port());
			NearCache near = new NearCache(100, Duration.ofMinutes(1));
			TrackingInvalidations invalidations = new TrackingInvalidations(near, client, "cachalot:");
			try {
				assertThat(invalidations.start()).isFalse();
				assertThat(near.isActive()).isFalse();
				near.put("cachalot:x::1", "value", near.sequence());
				assertThat(near.get("cachalot:x::1")).isNull();
			}
			finally {
				invalidations.close();
				client.shutdown();
			}
		}
	}

	@Test
	void onAndCoherentOnCachalot() {
		try (CachalotServer server = CachalotServer.builder().port(0).start()) {
			RedisClient client = RedisClient.create("redis://127.0.0.1:" + server.port());
			NearCache near = new NearCache(100, Duration.ofMinutes(1));
			TrackingInvalidations invalidations = new TrackingInvalidations(near, client, "cachalot:");
			try {
				assertThat(invalidations.start()).isTrue();
				near.put("cachalot:x::1", "value", near.sequence());
				assertThat(near.get("cachalot:x::1")).isEqualTo("value");
				// a value fetched before an invalidation of its key must not be kept
				long before = near.sequence();
				near.invalidate("cachalot:x::2");
				near.put("cachalot:x::2", "stale", before);
				assertThat(near.get("cachalot:x::2")).isNull();
			}
			finally {
				invalidations.close();
				client.shutdown();
			}
		}
	}

}
