package io.cachalot.server.script;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.cachalot.server.command.CommandException;

/**
 * A script's optional first line {@code #!lua flags=no-writes,allow-oom} (Redis 7): the flags,
 * and the code to compile with that line blanked, so line numbers stay those of the source.
 */
record Shebang(ScriptFlags flags, byte[] code) {

	static Shebang parse(byte[] body) {
		if (body.length < 2 || body[0] != '#' || body[1] != '!') {
			return new Shebang(ScriptFlags.NONE, body);
		}
		int end = 0;
		while (end < body.length && body[end] != '\n') {
			end++;
		}
		if (end == body.length) {
			throw new CommandException("ERR Invalid script shebang");
		}
		String line = new String(body, 0, end, StandardCharsets.UTF_8).strip();
		String[] parts = line.split("\\s+");
		if (!parts[0].equals("#!lua")) {
			throw new CommandException("ERR Unexpected engine in script shebang: " + parts[0]);
		}
		List<String> names = new ArrayList<>();
		for (int i = 1; i < parts.length; i++) {
			if (!parts[i].startsWith("flags=")) {
				throw new CommandException("ERR Unknown lua shebang option: " + parts[i]);
			}
			for (String flag : parts[i].substring(6).split(",")) {
				if (!flag.isEmpty()) {
					names.add(flag);
				}
			}
		}
		ScriptFlags flags;
		try {
			flags = ScriptFlags.of(names);
		}
		catch (IllegalArgumentException ex) {
			throw new CommandException("ERR Unexpected flag in script shebang: " + ex.getMessage());
		}
		byte[] code = Arrays.copyOf(body, body.length);
		Arrays.fill(code, 0, end, (byte) ' ');
		return new Shebang(flags, code);
	}

}
