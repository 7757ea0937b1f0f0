package io.cachalot.server.command;

/**
 * An error reply raised by a handler: the message is the full reply text including its
 * code ({@code "ERR syntax error"}, {@code "WRONGTYPE ..."}). The dispatcher writes it and
 * counts it in errorstats; nothing has been changed when a handler throws it before writing.
 */
public final class CommandException extends RuntimeException {

	public static final String SYNTAX = "ERR syntax error";

	public static final String NOT_INTEGER = "ERR value is not an integer or out of range";

	public static final String NOT_FLOAT = "ERR value is not a valid float";

	public CommandException(String message) {
		super(message, null, false, false);
	}

	public static CommandException syntax() {
		return new CommandException(SYNTAX);
	}

	public static CommandException notInteger() {
		return new CommandException(NOT_INTEGER);
	}

}
