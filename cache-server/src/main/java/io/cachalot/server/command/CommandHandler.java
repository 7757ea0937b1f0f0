package io.cachalot.server.command;

/** Runs one command: parse arguments, call the store API, write the reply. */
@FunctionalInterface
public interface CommandHandler {

	void handle(CommandContext ctx);

}
