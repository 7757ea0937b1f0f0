package io.cachalot.server.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.cachalot.server.CachalotServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The memcached engine under bad conditions: memory full (refused writes lose nothing, or
 * evictions make room), too many connections, a client that vanishes mid-value, a client that
 * stops reading its replies, item size limits — each while other clients carry on.
 */
class MemcachedLimitsIntegrationTest {

	@Test
	void theEngineIsOffUnlessAPortIsSet() {
		try (CachalotServer server = CachalotServer.builder().port(0).start()) {
			assertThat(server.memcachedPort()).isEqualTo(-1);
		}
	}

	@Test
	void aFullServerRefusesWritesAndKeepsWhatItHas() {
		try (CachalotServer server = CachalotServer.builder().port(0).memcachedPort(0).maxmemory("2mb").start();
				McClient client = new McClient(server.memcachedPort())) {
			String value = "v".repeat(100_000);
			int stored = 0;
			String reply = "";
			for (int i = 0; i < 100; i++) {
				reply = client.call("set k" + i + " 0 0 " + value.length() + "\r\n" + value + "\r\n");
				if (!reply.equals("STORED\r\n")) {
					break;
				}
				stored++;
			}
			assertThat(reply).isEqualTo("SERVER_ERROR out of memory storing object\r\n");
			assertThat(stored).isPositive();
			for (int i = 0; i < stored; i++) {
				assertThat(client.call("get k" + i + "\r\n")).startsWith("VALUE k" + i + " 0 100000\r\n");
			}
			// reads and deletes still work, and a delete makes room again
			assertThat(client.call("delete k0\r\n")).isEqualTo("DELETED\r\n");
			assertThat(client.call("set small 0 0 1\r\nx\r\n")).isEqualTo("STORED\r\n");
		}
	}

	@Test
	void anEvictionPolicyMakesRoomAndIsCounted() {
		try (CachalotServer server = CachalotServer.builder()
			.port(0)
			.memcachedPort(0)
			.maxmemory("2mb")
			.maxmemoryPolicy("allkeys-lru")
			.start(); McClient client = new McClient(server.memcachedPort())) {
			String value = "v".repeat(100_000);
			for (int i = 0; i < 60; i++) {
				assertThat(client.call("set k" + i + " 0 0 " + value.length() + "\r\n" + value + "\r\n"))
					.isEqualTo("STORED\r\n");
			}
			assertThat(client.call("get k59\r\n")).startsWith("VALUE k59 ");
			assertThat(stat(client.call("stats\r\n"), "evictions")).isPositive();
			assertThat(stat(client.call("stats\r\n"), "curr_items")).isLessThan(60);
		}
	}

	@Test
	void tooManyConnectionsAreRefusedWithMemcachedsError() throws IOException {
		try (CachalotServer server = CachalotServer.builder().port(0).memcachedPort(0).config("maxclients", "2").start();
				McClient first = new McClient(server.memcachedPort());
				McClient second = new McClient(server.memcachedPort());
				McClient third = new McClient(server.memcachedPort())) {
			assertThat(first.call("version\r\n")).startsWith("VERSION ");
			assertThat(second.call("version\r\n")).startsWith("VERSION ");
			assertThat(third.call("version\r\n")).isEqualTo("ERROR Too many open connections\r\n<closed>");
		}
	}

	@Test
	void aClientVanishingMidValueLeavesNoTrace() throws Exception {
		try (CachalotServer server = CachalotServer.builder().port(0).memcachedPort(0).start();
				McClient other = new McClient(server.memcachedPort())) {
			try (Socket vanishing = new Socket("127.0.0.1", server.memcachedPort())) {
				OutputStream out = vanishing.getOutputStream();
				out.write("set half 0 0 100000\r\n".getBytes(StandardCharsets.US_ASCII));
				out.write(new byte[50_000]);
				out.flush();
			}
			awaitConnections(other, 1);
			assertThat(other.call("get half\r\n")).isEqualTo("END\r\n");
			assertThat(other.call("set whole 0 0 2\r\nok\r\n")).isEqualTo("STORED\r\n");
		}
	}

	/** A client that sends requests and never reads stops being served; the others are not. */
	@Test
	void aClientThatStopsReadingDoesNotHoldUpOthers() throws Exception {
		try (CachalotServer server = CachalotServer.builder().port(0).memcachedPort(0).start();
				McClient other = new McClient(server.memcachedPort())) {
			String value = "v".repeat(500_000);
			assertThat(other.call("set big 0 0 " + value.length() + "\r\n" + value + "\r\n")).isEqualTo("STORED\r\n");
			try (Socket greedy = new Socket("127.0.0.1", server.memcachedPort())) {
				greedy.setReceiveBufferSize(4096);
				OutputStream out = greedy.getOutputStream();
				byte[] gets = "get big\r\n".repeat(1_000).getBytes(StandardCharsets.US_ASCII);
				// half a gigabyte of replies asked for; the server stops reading once the socket is full
				Thread writer = Thread.ofVirtual().start(() -> {
					try {
						out.write(gets);
					}
					catch (IOException ex) {
						// closed at the end of the test
					}
				});
				Thread.sleep(500);
				long before = System.nanoTime();
				assertThat(other.call("get big\r\n")).startsWith("VALUE big 0 500000\r\n");
				assertThat((System.nanoTime() - before) / 1_000_000).as("ms to serve another client").isLessThan(2_000);
				// replies are written into the event loops' pooled direct buffers: they must not pile up
				assertThat(io.netty.buffer.PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory())
					.as("direct memory in use").isLessThan(64L * 1024 * 1024);
				greedy.close();
				writer.join(5_000);
			}
			awaitConnections(other, 1);
		}
	}

	@Test
	void theItemSizeLimitIsAConfigDirective() {
		try (CachalotServer server = CachalotServer.builder()
			.port(0)
			.memcachedPort(0)
			.config("memcached-max-item-size", "10kb")
			.start(); McClient client = new McClient(server.memcachedPort())) {
			String fits = "x".repeat(10 * 1024);
			String over = fits + "x";
			assertThat(client.call("set a 0 0 " + fits.length() + "\r\n" + fits + "\r\n")).isEqualTo("STORED\r\n");
			assertThat(client.call("set a 0 0 " + over.length() + "\r\n" + over + "\r\n"))
				.isEqualTo("SERVER_ERROR object too large for cache\r\n");
			assertThat(client.call("get a\r\n")).as("a failed set drops the old value").isEqualTo("END\r\n");
			assertThat(client.call("stats settings\r\n")).contains("STAT item_size_max 10240\r\n");
		}
	}

	/** The administrative commands the differential test leaves out (their answers are server-specific). */
	@Test
	void administration() throws Exception {
		try (CachalotServer server = CachalotServer.builder().port(0).memcachedPort(0).start();
				McClient client = new McClient(server.memcachedPort());
				RespClient redis = new RespClient("127.0.0.1", server.port())) {
			assertThat(client.call("cache_memlimit 100\r\n")).isEqualTo("OK\r\n");
			assertThat(redis.call("CONFIG", "GET", "maxmemory")).isEqualTo("*2[$9:maxmemory,$9:104857600]");
			assertThat(client.call("stats items\r\n")).isEqualTo("END\r\n");
			assertThat(client.call("stats slabs\r\n")).startsWith("STAT active_slabs 0\r\n").endsWith("END\r\n");
			assertThat(client.call("set k 0 0 1\r\nv\r\n")).isEqualTo("STORED\r\n");
			assertThat(client.call("get k\r\n")).startsWith("VALUE k");
			assertThat(client.call("me k\r\n")).matches("ME k exp=-1 la=\\d+ cas=\\d+ fetch=yes cls=1 size=2\r\n");
			assertThat(client.call("me nokey\r\n")).isEqualTo("EN\r\n");
			// a delayed flush: the item is there until the second has passed
			assertThat(client.call("flush_all 1\r\n")).isEqualTo("OK\r\n");
			assertThat(client.call("get k\r\n")).startsWith("VALUE k");
			long deadline = System.currentTimeMillis() + 5_000;
			while (!client.call("get k\r\n").equals("END\r\n")) {
				assertThat(System.currentTimeMillis()).as("flushed after the delay").isLessThan(deadline);
				Thread.sleep(50);
			}
			assertThat(client.call("quit\r\n")).isEqualTo("<closed>");
		}
	}

	private static long stat(String stats, String name) {
		for (String line : stats.split("\r\n")) {
			if (line.startsWith("STAT " + name + " ")) {
				return Long.parseLong(line.substring(("STAT " + name + " ").length()));
			}
		}
		throw new AssertionError("no stat " + name + " in " + stats);
	}

	private static void awaitConnections(McClient client, long expected) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 5_000;
		while (stat(client.call("stats\r\n"), "curr_connections") != expected) {
			assertThat(System.currentTimeMillis()).as("connections back to %d", expected).isLessThan(deadline);
			Thread.sleep(20);
		}
	}

}
