package io.cachalot.server.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.cachalot.server.ServerContext;
import io.cachalot.server.config.ServerConfig;
import io.cachalot.server.protocol.resp.CommandArgs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandTableTest {

	@Test
	void everyDeclaredCommandHasAHandler() {
		try (ServerContext context = new ServerContext(new ServerConfig())) {
			CommandFamilies.registerAll(context);
			assertThat(context.commands().unbound()).isEmpty();
		}
	}

	/** Every declared command is exercised by name somewhere in the test sources. */
	@Test
	void everyDeclaredCommandHasATest() throws IOException {
		StringBuilder sources = new StringBuilder();
		try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
			for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
				sources.append(Files.readString(f).toLowerCase(Locale.ROOT));
			}
		}
		String all = sources.toString();
		List<String> untested = new ArrayList<>();
		for (CommandSpec spec : new CommandTable().allSpecs()) {
			if (spec.isContainer()) {
				continue;
			}
			String name = spec.shortName().toLowerCase(Locale.ROOT);
			boolean mentioned = (spec.parent() == null) ? all.contains("\"" + name + "\"")
					: all.contains("\"" + spec.parent().name() + "\", \"" + name + "\"")
							|| all.contains(spec.parent().name() + name.replace("-", ""));
			if (!mentioned) {
				untested.add(spec.name());
			}
		}
		assertThat(untested).as("declared commands no test sends").isEmpty();
	}

	@Test
	void lookupIsCaseInsensitiveAndHonoursRenames() {
		CommandTable table = new CommandTable();
		assertThat(table.lookup(CommandArgs.of("GeT"), 0).name()).isEqualTo("get");
		assertThat(table.lookup(CommandArgs.of("nosuch"), 0)).isNull();
		table.rename("config", "");
		table.rename("flushall", "wipe");
		assertThat(table.lookup(CommandArgs.of("CONFIG"), 0)).isNull();
		assertThat(table.lookup(CommandArgs.of("FLUSHALL"), 0)).isNull();
		assertThat(table.lookup(CommandArgs.of("WIPE"), 0).name()).isEqualTo("flushall");
		assertThat(table.commands()).noneMatch(s -> s.name().equals("config"));
	}

	@Test
	void keyPositionsComeFromTheDeclaration() {
		CommandTable table = new CommandTable();
		int[] out = new int[8];
		assertThat(table.spec("mset").keyPositions(CommandArgs.of("MSET", "a", "1", "b", "2"), out)).isEqualTo(2);
		assertThat(out[0]).isEqualTo(1);
		assertThat(out[1]).isEqualTo(3);
		assertThat(table.spec("rename").keyPositions(CommandArgs.of("RENAME", "a", "b"), out)).isEqualTo(2);
		assertThat(table.spec("ping").keyPositions(CommandArgs.of("PING"), out)).isZero();
		assertThat(table.spec("object|encoding").keyPositions(CommandArgs.of("OBJECT", "ENCODING", "k"), out))
			.isEqualTo(1);
		assertThat(out[0]).isEqualTo(2);
		assertThat(table.spec("mset").keyRangePositions(5, out)).isEqualTo(2);
		assertThat(Dispatcher.sortUnique(new int[] { 5, 1, 5, 3, 1 }, 5)).isEqualTo(3);
	}

}
