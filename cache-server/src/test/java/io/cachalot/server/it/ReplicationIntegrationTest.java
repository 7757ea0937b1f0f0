package io.cachalot.server.it;

import java.nio.file.Path;

import io.cachalot.server.CachalotServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cachalot as a replica of a real Redis primary (a private redis-server, skipped where it is
 * not installed): the full synchronization from the primary's snapshot, then its command
 * stream — every database, transactions, expiries, streams, functions — a read-only replica,
 * acknowledgements the primary's WAIT counts, a partial resynchronization after a broken link,
 * and promotion with REPLICAOF NO ONE.
 */
class ReplicationIntegrationTest {

	@TempDir
	Path dir;

	@Test
	void aReplicaFollowsARedisPrimaryAndCanBePromoted() throws Exception {
		PrivateRedis.assumeInstalled();
		try (PrivateRedis primary = new PrivateRedis(this.dir); RespClient p = primary.connect();
				CachalotServer replica = CachalotServer.builder().port(0).start();
				RespClient r = new RespClient("127.0.0.1", replica.port())) {
			p.call("SET", "before", "1");
			p.call("HSET", "hash", "f", "v");
			p.call("XADD", "stream", "1-1", "a", "b");
			p.call("FUNCTION", "LOAD", "#!lua name=replicated\nredis.register_function('nine', function() return 9 end)");
			r.call("SET", "local-only", "dropped by the full sync");

			assertThat(r.call("REPLICAOF", "127.0.0.1", Integer.toString(primary.port()))).isEqualTo("+OK");
			await(() -> r.call("INFO", "replication").contains("master_link_status:up"), "link up");
			assertThat(r.call("GET", "before")).isEqualTo("$1:1");
			String primaryId = p.call("INFO", "replication").replaceAll("(?s).*master_replid:(\\w+).*", "$1");
			assertThat(r.call("INFO", "replication")).as("the replica reports its primary's history")
				.contains("master_replid:" + primaryId);
			assertThat(r.call("EXISTS", "local-only")).isEqualTo(":0");
			assertThat(r.call("FCALL", "nine", "0")).isEqualTo(":9");

			p.call("SET", "after", "2", "EX", "100");
			p.call("SELECT", "2");
			p.call("SET", "in-db-2", "x");
			p.call("SELECT", "0");
			for (int i = 0; i < 3; i++) {
				p.call("INCR", "counter");
			}
			p.call("DEL", "before");
			p.call("MULTI");
			p.call("SET", "t1", "1");
			p.call("SET", "t2", "2");
			p.call("EXEC");
			p.call("XADD", "stream", "2-1", "c", "d");
			await(() -> r.call("GET", "t2").equals("$1:2"), "the transaction replicated");
			assertThat(r.call("GET", "after")).isEqualTo("$1:2");
			assertThat(Long.parseLong(r.call("TTL", "after").substring(1))).isBetween(90L, 100L);
			assertThat(r.call("EXISTS", "before")).isEqualTo(":0");
			assertThat(r.call("GET", "counter")).isEqualTo("$1:3");
			assertThat(r.call("XLEN", "stream")).isEqualTo(":2");
			r.call("SELECT", "2");
			assertThat(r.call("GET", "in-db-2")).isEqualTo("$1:x");
			r.call("SELECT", "0");

			assertThat(r.call("SET", "x", "y")).isEqualTo("-READONLY You can't write against a read only replica.");
			assertThat(p.call("WAIT", "1", "5000")).as("the replica's acknowledgement").isEqualTo(":1");
			assertThat(r.call("ROLE")).startsWith("*5[$5:slave,$9:127.0.0.1,:" + primary.port() + ",$9:connected,:");
			assertThat(r.call("REPLICAOF", "127.0.0.1", Integer.toString(primary.port())))
				.isEqualTo("+OK Already connected to specified master");

			// the link breaks: the replica continues from its offset instead of a full sync
			assertThat(p.call("CLIENT", "KILL", "TYPE", "replica")).isEqualTo(":1");
			p.call("SET", "while-away", "caught up");
			await(() -> r.call("GET", "while-away").equals("$9:caught up"), "resumed after the break");
			assertThat(p.call("INFO", "stats")).contains("sync_full:1").contains("sync_partial_ok:1");

			assertThat(r.call("REPLICAOF", "NO", "ONE")).isEqualTo("+OK");
			assertThat(r.call("SET", "x", "y")).isEqualTo("+OK");
			assertThat(r.call("ROLE")).isEqualTo("*3[$6:master,:0,*0[]]");
			assertThat(r.call("GET", "counter")).as("the data stays").isEqualTo("$1:3");
			assertThat(r.call("SLAVEOF", "NO", "ONE")).as("the old name").isEqualTo("+OK");
			assertThat(r.call("INFO", "replication")).contains("role:master");
		}
	}

	/** A primary with a password, and one that goes away and comes back: the replica resynchronizes. */
	@Test
	void aReplicaAuthenticatesAndResynchronizesAfterThePrimaryRestarts() throws Exception {
		PrivateRedis.assumeInstalled();
		int port = PrivateRedis.freePort();
		try (CachalotServer replica = CachalotServer.builder().port(0).config("masterauth", "s3cret").start();
				RespClient r = new RespClient("127.0.0.1", replica.port())) {
			try (PrivateRedis primary = new PrivateRedis(this.dir, port, "--requirepass", "s3cret");
					RespClient p = primary.connect()) {
				p.call("SET", "first", "life");
				assertThat(r.call("REPLICAOF", "127.0.0.1", Integer.toString(port))).isEqualTo("+OK");
				await(() -> r.call("GET", "first").equals("$4:life"), "synchronized with the password");
			}
			await(() -> r.call("INFO", "replication").contains("master_link_status:down"), "the link noticed");
			assertThat(r.call("GET", "first")).as("a replica keeps serving while its primary is away").isEqualTo("$4:life");
			// the snapshot the primary wrote for the first sync would bring "first" back
			java.nio.file.Files.deleteIfExists(this.dir.resolve("dump.rdb"));
			try (PrivateRedis primary = new PrivateRedis(this.dir, port, "--requirepass", "s3cret");
					RespClient p = primary.connect()) {
				p.call("SET", "second", "life");
				await(() -> r.call("GET", "second").equals("$4:life"), "resynchronized with the new primary");
				assertThat(r.call("EXISTS", "first")).as("a full resynchronization").isEqualTo(":0");
			}
		}
	}

	/** A primary reached over TLS, which asks the replica for its client certificate. */
	@Test
	void aReplicaFollowsAPrimaryOverTls() throws Exception {
		PrivateRedis.assumeInstalled();
		Path certificates = java.nio.file.Files.createDirectory(this.dir.resolve("tls"));
		TestCertificates.create(certificates);
		int tlsPort = PrivateRedis.freePort();
		try (PrivateRedis primary = new PrivateRedis(this.dir, PrivateRedis.freePort(), "--tls-port",
				Integer.toString(tlsPort), "--tls-cert-file", certificates.resolve("server.crt").toString(),
				"--tls-key-file", certificates.resolve("server.key").toString(), "--tls-ca-cert-file",
				certificates.resolve("ca.crt").toString()); RespClient p = primary.connect();
				CachalotServer replica = CachalotServer.builder()
					.port(0)
					.config("tls-replication", "yes")
					.config("tls-cert-file", certificates.resolve("client.crt").toString())
					.config("tls-key-file", certificates.resolve("client.key").toString())
					.config("tls-ca-cert-file", certificates.resolve("ca.crt").toString())
					.start();
				RespClient r = new RespClient("127.0.0.1", replica.port())) {
			p.call("SET", "secret", "over tls");
			assertThat(r.call("REPLICAOF", "127.0.0.1", Integer.toString(tlsPort))).isEqualTo("+OK");
			await(() -> r.call("GET", "secret").equals("$8:over tls"), "synchronized over TLS");
			p.call("SET", "streamed", "too");
			await(() -> r.call("GET", "streamed").equals("$3:too"), "the stream over TLS");
		}
	}

	private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 10_000;
		while (!condition.getAsBoolean()) {
			assertThat(System.currentTimeMillis()).as(what).isLessThan(deadline);
			Thread.sleep(20);
		}
	}

}
