package io.cachalot.server.it;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import io.cachalot.server.CachalotServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TLS port with certificates made by {@code openssl} for the test (a CA, a server
 * certificate for 127.0.0.1, a client certificate; skipped without openssl): Lettuce over
 * TLS with and without a client certificate, as {@code tls-auth-clients} asks, beside the
 * plain port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsIntegrationTest {

	@TempDir
	static Path dir;

	@BeforeAll
	void makeCertificates() throws Exception {
		TestCertificates.create(dir);
	}

	private CachalotServer start(String authClients) throws Exception {
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		return CachalotServer.builder()
			.port(0)
			.config("tls-port", Integer.toString(port))
			.config("tls-cert-file", dir.resolve("server.crt").toString())
			.config("tls-key-file", dir.resolve("server.key").toString())
			.config("tls-ca-cert-file", dir.resolve("ca.crt").toString())
			.config("tls-auth-clients", authClients)
			.start();
	}

	private String ping(int port, boolean withClientCertificate) {
		SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider().trustManager(dir.resolve("ca.crt").toFile());
		if (withClientCertificate) {
			ssl.keyManager(dir.resolve("client.crt").toFile(), dir.resolve("client.key").toFile(), null);
		}
		RedisClient client = RedisClient.create(RedisURI.builder()
			.withHost("127.0.0.1")
			.withPort(port)
			.withSsl(true)
			.withVerifyPeer(SslVerifyMode.FULL)
			.build());
		client.setOptions(ClientOptions.builder().sslOptions(ssl.build()).build());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().set("tls", "works");
			return connection.sync().get("tls");
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void clientsWithACertificateTalkOverTls() throws Exception {
		try (CachalotServer server = start("yes")) {
			assertThat(server.tlsPort()).isPositive();
			assertThat(ping(server.tlsPort(), true)).isEqualTo("works");
			assertThatThrownBy(() -> ping(server.tlsPort(), false)).as("no client certificate")
				.isInstanceOf(io.lettuce.core.RedisConnectionException.class);
			try (RespClient plain = new RespClient("127.0.0.1", server.port())) {
				assertThat(plain.call("GET", "tls")).as("the same server on its plain port").isEqualTo("$5:works");
			}
		}
	}

	@Test
	void clientCertificatesCanBeOptionalOrOff() throws Exception {
		for (String mode : List.of("optional", "no")) {
			try (CachalotServer server = start(mode)) {
				assertThat(ping(server.tlsPort(), false)).as(mode).isEqualTo("works");
			}
		}
	}

	@Test
	void aTlsPortNeedsItsFiles() {
		assertThatThrownBy(() -> CachalotServer.builder().port(0).config("tls-port", "1").start())
			.hasMessageContaining("tls-port needs tls-cert-file and tls-key-file");
	}

}
