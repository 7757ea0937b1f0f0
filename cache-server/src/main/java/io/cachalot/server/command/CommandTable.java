package io.cachalot.server.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cachalot.server.protocol.resp.CommandArgs;

/**
 * Every command the server knows, declared as data in {@code commands.txt} (one line per
 * command or subcommand) and bound to handlers by the {@link CommandFamily families}.
 * Lookup by the first argument is case-insensitive and allocation-free. Commands renamed or
 * disabled with {@code rename-command} are looked up by their new name only.
 */
public final class CommandTable {

	static final String RESOURCE = "commands.txt";

	private final Map<String, CommandSpec> byName = new LinkedHashMap<>();

	/** Open-addressed index of the callable (possibly renamed) top-level names. */
	private CommandSpec[] index = new CommandSpec[0];

	private byte[][] indexNames = new byte[0][];

	private final Map<String, String> renames = new LinkedHashMap<>();

	public CommandTable() {
		load();
	}

	private void load() {
		try (InputStream in = CommandTable.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("missing " + RESOURCE);
			}
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			String line;
			int lineNo = 0;
			while ((line = reader.readLine()) != null) {
				lineNo++;
				line = line.strip();
				if (line.isEmpty() || line.startsWith("#")) {
					continue;
				}
				try {
					add(parse(line));
				}
				catch (RuntimeException ex) {
					throw new IllegalStateException(RESOURCE + ":" + lineNo + ": " + ex.getMessage(), ex);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		rebuildIndex();
	}

	private CommandSpec parse(String line) {
		String[] f = line.split("\\s+", 10);
		if (f.length < 10) {
			throw new IllegalArgumentException("expected 10 fields");
		}
		String name = f[0].toLowerCase();
		int arity = Integer.parseInt(f[1]);
		Set<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
		if (!f[2].equals("-")) {
			for (String flag : f[2].split(",")) {
				flags.add(CommandFlag.byName(flag));
			}
		}
		int first = 0;
		int last = 0;
		int step = 0;
		if (!f[3].equals("-")) {
			String[] k = f[3].split(",");
			first = Integer.parseInt(k[0]);
			last = Integer.parseInt(k[1]);
			step = Integer.parseInt(k[2]);
		}
		List<String> acl = f[4].equals("-") ? List.of() : Arrays.asList(f[4].split(","));
		CommandSpec parent = null;
		int bar = name.indexOf('|');
		if (bar > 0) {
			parent = this.byName.get(name.substring(0, bar));
			if (parent == null) {
				throw new IllegalArgumentException("subcommand before its container: " + name);
			}
		}
		List<KeySpec> keySpecs = KeySpec.parseAll(f[5]);
		List<String> tips = f[6].equals("-") ? List.of() : Arrays.asList(f[6].split(";"));
		return new CommandSpec(name, arity, flags, first, last, step, acl, keySpecs, tips, f[7], f[8], f[9], parent);
	}

	private void add(CommandSpec spec) {
		if (this.byName.putIfAbsent(spec.name(), spec) != null) {
			throw new IllegalArgumentException("declared twice: " + spec.name());
		}
		if (spec.parent() != null) {
			spec.parent().addSubcommand(spec);
		}
	}

	/** Applies {@code rename-command}: an empty new name disables the command. */
	public synchronized void rename(String command, String newName) {
		String original = command.toLowerCase();
		CommandSpec spec = this.byName.get(original);
		if (spec == null || spec.parent() != null) {
			throw new IllegalArgumentException("No such command in rename-command");
		}
		this.renames.put(original, newName.toLowerCase());
		rebuildIndex();
	}

	private void rebuildIndex() {
		List<CommandSpec> callable = new ArrayList<>();
		List<byte[]> names = new ArrayList<>();
		for (CommandSpec spec : this.byName.values()) {
			if (spec.parent() != null) {
				continue;
			}
			String name = this.renames.getOrDefault(spec.name(), spec.name());
			if (!name.isEmpty()) {
				callable.add(spec);
				names.add(name.getBytes(StandardCharsets.US_ASCII));
			}
		}
		int size = Integer.highestOneBit(Math.max(16, callable.size() * 4) - 1) << 1;
		CommandSpec[] idx = new CommandSpec[size];
		byte[][] idxNames = new byte[size][];
		for (int c = 0; c < callable.size(); c++) {
			byte[] n = names.get(c);
			int i = hashLower(n, 0, n.length) & (size - 1);
			while (idx[i] != null) {
				i = (i + 1) & (size - 1);
			}
			idx[i] = callable.get(c);
			idxNames[i] = n;
		}
		this.indexNames = idxNames;
		this.index = idx;
	}

	/** The command named by argument {@code i} of {@code args}, or null. */
	public CommandSpec lookup(CommandArgs args, int i) {
		CommandSpec[] idx = this.index;
		byte[][] names = this.indexNames;
		int len = args.length(i);
		int h = 0x811C9DC5;
		for (int k = 0; k < len; k++) {
			h = (h ^ lower(args.byteAt(i, k))) * 0x01000193;
		}
		int mask = idx.length - 1;
		int slot = h & mask;
		while (idx[slot] != null) {
			byte[] n = names[slot];
			if (n.length == len && equalsLower(args, i, n)) {
				return idx[slot];
			}
			slot = (slot + 1) & mask;
		}
		return null;
	}

	/** A subcommand of {@code container} named by argument {@code i}, or null. */
	public CommandSpec lookupSubcommand(CommandSpec container, CommandArgs args, int i) {
		return container.subcommands().get(args.lower(i));
	}

	private static boolean equalsLower(CommandArgs args, int i, byte[] name) {
		for (int k = 0; k < name.length; k++) {
			if (lower(args.byteAt(i, k)) != name[k]) {
				return false;
			}
		}
		return true;
	}

	private static int hashLower(byte[] b, int off, int len) {
		int h = 0x811C9DC5;
		for (int k = off; k < off + len; k++) {
			h = (h ^ lower(b[k])) * 0x01000193;
		}
		return h;
	}

	private static int lower(byte b) {
		return (b >= 'A' && b <= 'Z') ? b + 32 : b;
	}

	/** Declared spec by its full original name ({@code get}, {@code client|list}), or null. */
	public CommandSpec spec(String name) {
		return this.byName.get(name.toLowerCase());
	}

	/** Callable top-level commands (renamed ones under their declared name, disabled ones omitted). */
	public Collection<CommandSpec> commands() {
		List<CommandSpec> out = new ArrayList<>();
		for (CommandSpec spec : this.byName.values()) {
			if (spec.parent() == null && !"".equals(this.renames.get(spec.name()))) {
				out.add(spec);
			}
		}
		return Collections.unmodifiableList(out);
	}

	/** Every declaration, subcommands included. */
	public Collection<CommandSpec> allSpecs() {
		return Collections.unmodifiableCollection(this.byName.values());
	}

	/** Commands executed since start or CONFIG RESETSTAT: the sum of every command's calls. */
	public long totalCalls() {
		long total = 0;
		for (CommandSpec spec : this.byName.values()) {
			total += spec.calls();
		}
		return total;
	}

	public void resetStats() {
		this.byName.values().forEach(CommandSpec::resetStats);
	}

	/** Binds handlers; used once at startup by each family. */
	public Binder binder() {
		return (name, handler) -> {
			CommandSpec spec = this.byName.get(name);
			if (spec == null) {
				throw new IllegalStateException("handler for undeclared command " + name);
			}
			if (spec.handler() != null) {
				throw new IllegalStateException("two handlers for " + name);
			}
			spec.handler(handler);
		};
	}

	/** Declared commands that no family handles; must be empty. */
	public List<String> unbound() {
		List<String> out = new ArrayList<>();
		for (CommandSpec spec : this.byName.values()) {
			if (spec.handler() == null && !spec.isContainer()) {
				out.add(spec.name());
			}
		}
		return out;
	}

	/** Binds a handler to a declared command name. */
	@FunctionalInterface
	public interface Binder {

		void handle(String name, CommandHandler handler);

	}

}
