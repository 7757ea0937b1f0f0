package io.cachalot.server.it;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Certificates for TLS tests, made with {@code openssl} in a directory: {@code ca.crt}, and
 * {@code server.crt}/{@code server.key} and {@code client.crt}/{@code client.key} signed by it
 * for 127.0.0.1 and localhost (keys in PKCS#8). Skips the calling test without openssl.
 */
final class TestCertificates {

	private TestCertificates() {
	}

	static void create(Path dir) throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
		String script = String.join("\n", "set -e", "cd '" + dir + "'",
				"openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 1 -subj /CN=test-ca",
				"printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > san.ext",
				"for who in server client; do",
				"  openssl req -newkey rsa:2048 -nodes -keyout $who.key -out $who.csr -subj /CN=$who",
				"  openssl x509 -req -in $who.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out $who.crt -days 1"
						+ " -extfile san.ext",
				"done");
		Process openssl = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
		String output = new String(openssl.getInputStream().readAllBytes());
		assertThat(openssl.waitFor()).as(output).isZero();
	}

}
