package io.cachalot.spring.testcontainers;

import java.util.ArrayList;
import java.util.List;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A Cachalot server in a container, for tests with Docker. Annotate the field with
 * {@code @ServiceConnection} and Spring Boot points Spring Data Redis — and so the Cachalot
 * cache and session store — at it (the embedded server then does not start):
 *
 * <pre>{@code
 * @Container
 * @ServiceConnection
 * static CachalotContainer cachalot = new CachalotContainer();
 * }</pre>
 *
 * The default image is the one {@code docker compose build} makes from this repository
 * ({@link #DEFAULT_IMAGE}); pass another name to use a published one. Server directives are
 * added as on the server's command line: {@code withDirective("maxmemory", "64mb")}.
 */
public class CachalotContainer extends GenericContainer<CachalotContainer> {

	/** The image docker-compose.yml builds. */
	public static final String DEFAULT_IMAGE = "cachalot/cachalot-server:0.1.0-SNAPSHOT";

	/** The port the server listens on inside the container. */
	public static final int PORT = 6379;

	private final List<String> directives = new ArrayList<>();

	private String password;

	public CachalotContainer() {
		this(DockerImageName.parse(DEFAULT_IMAGE));
	}

	public CachalotContainer(String image) {
		this(DockerImageName.parse(image));
	}

	public CachalotContainer(DockerImageName image) {
		super(image);
		withExposedPorts(PORT);
		waitingFor(Wait.forListeningPort());
	}

	/** Requires clients to AUTH with this password ({@code requirepass}). */
	public CachalotContainer withPassword(String password) {
		this.password = password;
		return withEnv("CACHALOT_PASSWORD", password);
	}

	/** Adds a server directive, as {@code --name value} on the command line. */
	public CachalotContainer withDirective(String name, String value) {
		this.directives.add("--" + name);
		this.directives.add(value);
		return this;
	}

	/** The password set with {@link #withPassword}, or null. */
	public String getPassword() {
		return this.password;
	}

	/** {@code redis://host:port} of the running server, as Redis clients take it. */
	public String getRedisUrl() {
		return "redis://" + getHost() + ":" + getMappedPort(PORT);
	}

	@Override
	protected void configure() {
		setCommand(commandLine().toArray(String[]::new));
	}

	/**
	 * The server's command line: listening on every interface of the container — reached
	 * through a mapped port, so not protected mode's "loopback only" unless a password is set —
	 * and without snapshots (a test's container is thrown away; directives may turn them on).
	 */
	List<String> commandLine() {
		List<String> command = new ArrayList<>(
				List.of("--bind", "0.0.0.0", "--port", Integer.toString(PORT), "--save", ""));
		if (this.password != null) {
			command.addAll(List.of("--requirepass", this.password));
		}
		else {
			command.addAll(List.of("--protected-mode", "no"));
		}
		command.addAll(this.directives);
		return command;
	}

}
