package io.cachalot.server.command;

/**
 * A group of commands (strings, keys, connection ...). A family binds handlers to the
 * command names declared in {@code commands.txt}; it declares nothing itself.
 */
public interface CommandFamily {

	void register(CommandTable.Binder binder);

}
