package io.cachalot.server.net;

import java.io.File;
import java.util.List;

import javax.net.ssl.SSLException;

import io.cachalot.server.config.ConfigException;
import io.cachalot.server.config.ServerConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * The TLS port's server context from redis.conf's directives: {@code tls-cert-file} and
 * {@code tls-key-file} (PEM; the key in PKCS#8), {@code tls-ca-cert-file} to verify clients,
 * {@code tls-auth-clients} ({@code yes}: a client certificate signed by that CA is required, as
 * Redis's default; {@code optional}; {@code no}), and {@code tls-protocols}. JDK's TLS, so no
 * native library is needed.
 */
public final class TlsSettings {

	private TlsSettings() {
	}

	/**
	 * A client socket factory for a replica's link to a TLS primary: trusting
	 * {@code tls-ca-cert-file} (the JDK's trust store without one) and presenting
	 * {@code tls-cert-file} / {@code tls-key-file} when they are set.
	 */
	public static javax.net.ssl.SSLSocketFactory clientSocketFactory(ServerConfig config) {
		try {
			SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
			String ca = config.get("tls-ca-cert-file");
			if (!ca.isEmpty()) {
				builder.trustManager(new File(ca));
			}
			String cert = config.get("tls-cert-file");
			String key = config.get("tls-key-file");
			if (!cert.isEmpty() && !key.isEmpty()) {
				builder.keyManager(new File(cert), new File(key));
			}
			return ((io.netty.handler.ssl.JdkSslContext) builder.build()).context().getSocketFactory();
		}
		catch (SSLException | IllegalArgumentException ex) {
			throw new ConfigException("Failed to configure TLS for replication: " + ex.getMessage());
		}
	}

	static SslContext serverContext(ServerConfig config) {
		String cert = config.get("tls-cert-file");
		String key = config.get("tls-key-file");
		if (cert.isEmpty() || key.isEmpty()) {
			throw new ConfigException("tls-port needs tls-cert-file and tls-key-file");
		}
		String ca = config.get("tls-ca-cert-file");
		ClientAuth auth = switch (config.get("tls-auth-clients")) {
			case "no" -> ClientAuth.NONE;
			case "optional" -> ClientAuth.OPTIONAL;
			default -> ClientAuth.REQUIRE;
		};
		if (auth != ClientAuth.NONE && ca.isEmpty()) {
			throw new ConfigException("tls-auth-clients needs tls-ca-cert-file to verify client certificates");
		}
		try {
			SslContextBuilder builder = SslContextBuilder.forServer(new File(cert), new File(key))
				.sslProvider(SslProvider.JDK)
				.clientAuth(auth);
			if (!ca.isEmpty()) {
				builder.trustManager(new File(ca));
			}
			String protocols = config.get("tls-protocols").trim();
			if (!protocols.isEmpty()) {
				builder.protocols(List.of(protocols.split("\\s+")));
			}
			return builder.build();
		}
		catch (SSLException | IllegalArgumentException ex) {
			throw new ConfigException("Failed to configure TLS: " + ex.getMessage());
		}
	}

}
