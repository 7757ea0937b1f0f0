package io.cachalot.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docker-compose.yml without a Docker engine: the file validates with the Compose CLI (where
 * one is installed), its images are multi-stage JDK 25 builds that run as a non-root user,
 * and — the part that needs no Docker at all — the very configuration it gives the app
 * (its environment variables, the server's command line, the health checks) works: the test
 * starts the cache server jar with the compose command line and the app as its own process
 * with the compose environment, pointed at this machine's PostgreSQL, and runs the compose
 * health checks against both.
 */
class ComposeConfigurationTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yml");

	private static Map<String, Object> services;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void readComposeFile() throws IOException {
		Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE_FILE));
		services = (Map<String, Object>) compose.get("services");
	}

	@Test
	void theComposeCliAcceptsTheFile() throws Exception {
		List<String> cli = composeCli();
		assumeTrue(cli != null, "no Compose CLI installed (docker compose or docker-compose)");
		List<String> command = new ArrayList<>(cli);
		command.addAll(List.of("-f", COMPOSE_FILE.toString(), "config", "-q"));
		Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
	}

	@Test
	void everyServiceHasAHealthCheckAndEveryImageIsAMultiStageJdk25BuildRunAsANonRootUser() throws IOException {
		assertThat(services).containsOnlyKeys("postgres", "cachalot-server", "sample-app");
		for (String name : services.keySet()) {
			assertThat(service(name)).as(name).containsKey("healthcheck");
		}
		for (String name : List.of("cachalot-server", "sample-app")) {
			Map<String, Object> build = map(service(name).get("build"));
			String dockerfile = Files.readString(ROOT.resolve((String) build.get("dockerfile")));
			List<String> stages = dockerfile.lines().filter(line -> line.startsWith("FROM ")).toList();
			assertThat(stages).as(name).hasSize(2);
			assertThat(stages.get(0)).startsWith("FROM eclipse-temurin:25-jdk AS build");
			assertThat(stages.get(1)).isEqualTo("FROM eclipse-temurin:25-jre");
			String runtime = dockerfile.substring(dockerfile.lastIndexOf("FROM "));
			assertThat(runtime).containsPattern("(?m)^USER cachalot$").containsPattern("(?m)^HEALTHCHECK ");
			assertThat(runtime).doesNotContainPattern("(?m)^USER root");
		}
		assertThat(map(service("sample-app").get("depends_on"))).containsOnlyKeys("postgres", "cachalot-server");
	}

	@Test
	void theAppRunsWithTheComposeEnvironmentAgainstTheServerJarAndPostgres() throws Exception {
		Path serverJar = ROOT.resolve("cache-server/target/cachalot-server.jar");
		assumeTrue(Files.isRegularFile(serverJar), "cache-server/target/cachalot-server.jar is not built");
		assumeTrue(reachable("127.0.0.1", 5432), "no PostgreSQL on 127.0.0.1:5432");
		int serverPort = freePort();
		int appPort = freePort();
		String password = "cachalot";

		List<String> serverCommand = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-jar",
				serverJar.toString()));
		Path data = Files.createTempDirectory("cachalot-compose-data");
		for (Object arg : (List<?>) service("cachalot-server").get("command")) {
			serverCommand.add(interpolate(arg.toString()).replace("0.0.0.0", "127.0.0.1")
				.replace("6379", Integer.toString(serverPort))
				.replace("/data", data.toString()));
		}
		Map<String, String> environment = new LinkedHashMap<>();
		map(service("sample-app").get("environment")).forEach((name, value) -> environment.put(name,
				interpolate(value.toString()).replace("postgres:5432/cachalot", "127.0.0.1:5432/test")
					.replace("cachalot-server", "127.0.0.1")
					.replace("6379", Integer.toString(serverPort))));
		// this machine's PostgreSQL trusts local connections; the compose database user is its own
		environment.put("SPRING_R2DBC_USERNAME", "postgres");
		environment.put("SERVER_PORT", Integer.toString(appPort));

		Process server = start(serverCommand, Map.of(), "server");
		Process app = null;
		try {
			awaitHealthy("cachalot-server", serverPort, Map.of("CACHALOT_PASSWORD", password));
			assertThat(passes(dockerfileHealthCheck("cachalot-server"), serverPort, Map.of("CACHALOT_PASSWORD", password)))
				.as("the image's own health check").isTrue();
			assertThat(passes(dockerfileHealthCheck("cachalot-server"), serverPort, Map.of("CACHALOT_PASSWORD", "wrong")))
				.as("the image's health check with a wrong password").isFalse();
			app = start(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
					SampleApplication.class.getName()), environment, "app");
			awaitHealthy("sample-app", appPort, Map.of());
			assertThat(passes(dockerfileHealthCheck("sample-app"), appPort, Map.of())).as("the image's own health check")
				.isTrue();

			ShopClient client = ShopClient.on(appPort);
			JsonNode health = client.get("/actuator/health").json();
			assertThat(health.at("/components/r2dbc/details/database").asString()).isEqualTo("PostgreSQL");
			assertThat(health.at("/components/cachalot/status").asString()).isEqualTo("UP");
			assertThat(health.at("/components/cachalot/details/endpoint").asString()).isEqualTo("127.0.0.1:" + serverPort);
			assertThat(client.get("/api/products?q=beluga").json().size()).isPositive();
			// the outage switch drives only an embedded server; an external one is stopped where it runs
			int switchStatus = WebClient.create("http://localhost:" + appPort)
				.post()
				.uri("/api/admin/cache-server/stop")
				.headers(headers -> headers.setBasicAuth("admin", "cachalot"))
				.exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
				.block(Duration.ofSeconds(10));
			assertThat(switchStatus).isEqualTo(409);

			RedisClient redis = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(serverPort)
				.withPassword(password.toCharArray()).build());
			try (StatefulRedisConnection<String, String> connection = redis.connect()) {
				assertThat(connection.sync().keys("sample:searches::*")).contains("sample:searches::beluga");
			}
			finally {
				redis.shutdown();
			}
		}
		finally {
			stop(app);
			stop(server);
		}
	}

	/** Runs a service's compose health check (its port moved) until it passes. */
	private static void awaitHealthy(String name, int port, Map<String, String> environment) throws Exception {
		@SuppressWarnings("unchecked")
		List<Object> test = (List<Object>) map(service(name).get("healthcheck")).get("test");
		assertThat(test.subList(0, 3)).as(name).containsExactly((Object) "CMD", "bash", "-c");
		String script = test.get(3).toString().replace("$$", "$");
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (!passes(script, port, environment)) {
			assertThat(System.nanoTime()).as(name + " healthy within 120 s").isLessThan(deadline);
			Thread.sleep(500);
		}
	}

	/** The {@code bash -c} script of the HEALTHCHECK in a service's Dockerfile. */
	private static String dockerfileHealthCheck(String name) throws IOException {
		Map<String, Object> build = map(service(name).get("build"));
		String dockerfile = Files.readString(ROOT.resolve((String) build.get("dockerfile"))).replace("\\\n", "");
		String line = dockerfile.lines().filter(l -> l.startsWith("HEALTHCHECK ")).findFirst().orElseThrow();
		JsonNode command = JsonMapper.builder().build().readTree(line.substring(line.indexOf("CMD ") + 4));
		assertThat(command.get(0).asString() + " " + command.get(1).asString()).isEqualTo("bash -c");
		return command.get(2).asString();
	}

	/** Whether a health check script passes against a port of this machine (instead of the container's). */
	private static boolean passes(String script, int port, Map<String, String> environment) throws Exception {
		String local = script.replace("/6379", "/" + port).replace("/8080", "/" + port);
		ProcessBuilder check = new ProcessBuilder("bash", "-c", local).redirectErrorStream(true);
		check.environment().putAll(environment);
		Process process = check.start();
		process.getInputStream().readAllBytes();
		return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
	}

	private static Process start(List<String> command, Map<String, String> environment, String name) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(Path.of("target", "compose-" + name + ".log").toFile());
		builder.environment().putAll(environment);
		return builder.start();
	}

	private static void stop(Process process) throws InterruptedException {
		if (process != null) {
			process.destroy();
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}

	/** ${NAME:-default} as Compose interpolates it, with none of the variables set. */
	private static String interpolate(String value) {
		return value.replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1");
	}

	private static List<String> composeCli() throws InterruptedException {
		for (List<String> cli : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
			List<String> version = new ArrayList<>(cli);
			version.add("version");
			try {
				Process process = new ProcessBuilder(version).redirectErrorStream(true).start();
				process.getInputStream().readAllBytes();
				if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
					return cli;
				}
			}
			catch (IOException notInstalled) {
				// try the next one
			}
		}
		return null;
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static boolean reachable(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static Map<String, Object> service(String name) {
		return map(services.get(name));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

}
