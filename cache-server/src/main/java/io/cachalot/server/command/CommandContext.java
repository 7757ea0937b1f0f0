package io.cachalot.server.command;

import java.util.List;

import io.cachalot.server.ServerContext;
import io.cachalot.server.protocol.resp.CommandArgs;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.store.Db;
import io.cachalot.server.store.type.TypedValue;
import io.cachalot.server.util.Numbers;

/**
 * What a handler sees of one call: its arguments, the reply, the client's session, the
 * selected database and the server. One instance per connection, reused for every command.
 */
public final class CommandContext {

	private final ServerContext server;

	private final Session session;

	private CommandArgs args;

	private Reply reply;

	private CommandSpec spec;

	private BlockRequest block;

	/** The command is a blocked command running again after one of its keys changed. */
	private boolean wokenFromBlock;

	/**
	 * What a blocking command asks for when it finds nothing to take: the keys to wait on, the
	 * timeout in ms (0: forever), and whether its timeout reply is a null array (BLPOP) or a
	 * null bulk string (BLMOVE).
	 */
	public record BlockRequest(List<byte[]> keys, long timeoutMillis, java.util.function.Consumer<Reply> timeoutReply) {
	}

	private final Dispatcher dispatcher;

	/**
	 * Commands run by EXEC or a script: a blocking command that finds nothing answers its
	 * timeout reply at once.
	 */
	private boolean nested;

	/** Commands run by a script's redis.call (MONITOR shows them as "lua", SLOWLOG skips them). */
	private boolean fromScript;

	/** Set by a handler whose reply comes later from another thread (a script). */
	private java.util.concurrent.CompletableFuture<java.util.function.Consumer<Reply>> detached;

	public CommandContext(ServerContext server, Session session, Dispatcher dispatcher) {
		this.server = server;
		this.session = session;
		this.dispatcher = dispatcher;
	}

	/**
	 * EXEC: runs the queued commands in order, each reply written in turn, while the caller
	 * holds what makes them atomic. Blocking commands do not block inside a transaction.
	 */
	public void runQueued(List<io.cachalot.server.command.transaction.Transaction.Queued> queued) {
		CommandSpec spec = this.spec;
		CommandArgs args = this.args;
		Reply reply = this.reply;
		boolean wasNested = this.nested;
		this.nested = true;
		try {
			for (io.cachalot.server.command.transaction.Transaction.Queued q : queued) {
				this.dispatcher.runQueued(this, q.spec(), q.args(), reply);
			}
		}
		finally {
			this.nested = wasNested;
			bind(spec, args, reply);
		}
	}

	/**
	 * A command called by a script ({@code redis.call}): runs with its reply going to
	 * {@code reply}, while the script holds every stripe. Blocking commands do not block.
	 */
	public void runNested(CommandSpec spec, CommandArgs args, Reply reply) {
		CommandSpec outerSpec = this.spec;
		CommandArgs outerArgs = this.args;
		Reply outerReply = this.reply;
		boolean wasNested = this.nested;
		this.nested = true;
		this.fromScript = true;
		try {
			this.dispatcher.runQueued(this, spec, args, reply);
		}
		finally {
			this.nested = wasNested;
			this.fromScript = false;
			bind(outerSpec, outerArgs, outerReply);
		}
	}

	/** Whether the running command was called by a script. */
	public boolean fromScript() {
		return this.fromScript;
	}

	/** Whether this command runs inside EXEC or a script (so it must not block or detach). */
	public boolean nested() {
		return this.nested;
	}

	/**
	 * Called by a handler whose work continues on another thread: nothing is written now; the
	 * connection holds its next commands until {@code reply} completes with the writer of
	 * the reply.
	 */
	public void detach(java.util.concurrent.CompletableFuture<java.util.function.Consumer<Reply>> reply) {
		this.detached = reply;
	}

	/** The pending detached reply of the last command, cleared by the call. */
	public java.util.concurrent.CompletableFuture<java.util.function.Consumer<Reply>> takeDetached() {
		var d = this.detached;
		this.detached = null;
		return d;
	}

	boolean detachRequested() {
		return this.detached != null;
	}

	void bind(CommandSpec spec, CommandArgs args, Reply reply) {
		this.spec = spec;
		this.args = args;
		this.reply = reply;
	}

	/**
	 * Called by a blocking command that found nothing: no reply is written now; the client
	 * waits on {@code keys} and the command runs again when one of them changes.
	 */
	public void block(List<byte[]> keys, long timeoutMillis, boolean nullArrayOnTimeout) {
		block(keys, timeoutMillis, nullArrayOnTimeout ? Reply::nullArray : Reply::nullBulk);
	}

	/**
	 * Blocks on {@code keys} (none: until the timeout, 0 for ever) with {@code timeoutReply} as
	 * the answer when the time is up.
	 */
	public void block(List<byte[]> keys, long timeoutMillis, java.util.function.Consumer<Reply> timeoutReply) {
		if (this.nested) {
			// inside MULTI / EXEC nothing can arrive while we wait: the timeout reply, now
			timeoutReply.accept(this.reply);
			return;
		}
		this.block = new BlockRequest(keys, timeoutMillis, timeoutReply);
	}

	/**
	 * The end of a blocking command that found nothing: blocks when {@code timeoutMillis >= 0};
	 * a negative timeout marks the non-blocking twin (LMPOP for BLMPOP ...), which replies a
	 * null array (or null bulk) now.
	 */
	public void blockOrReplyNull(List<byte[]> keys, long timeoutMillis, boolean nullArray) {
		if (timeoutMillis >= 0) {
			block(keys, timeoutMillis, nullArray);
		}
		else if (nullArray) {
			this.reply.nullArray();
		}
		else {
			this.reply.nullBulk();
		}
	}

	/** Marks the next execution as a blocked command re-running after a wake-up (or not). */
	public void wokenFromBlock(boolean woken) {
		this.wokenFromBlock = woken;
	}

	/**
	 * The value a blocking command would take from {@code key}. On its first run a key of
	 * another type is WRONGTYPE; re-running after a wake-up, such a key counts as empty and the
	 * client keeps waiting, as Redis serves blocked clients only from keys of the type they
	 * wait for (a SET on a list key someone BLPOPs does not end the BLPOP).
	 */
	public <T extends TypedValue> T blockingSource(byte[] key, Class<T> type) {
		if (this.wokenFromBlock) {
			Object current = db().peek(key);
			if (current != null && !type.isInstance(current)) {
				return null;
			}
		}
		return db().readTyped(key, type);
	}

	/**
	 * The first key among arguments {@code [from, to)} that a blocking pop can take from (see
	 * {@link #blockingSource}), or null when it should block on all of them.
	 */
	public byte[] firstBlockingSource(int from, int to, Class<? extends TypedValue> type) {
		for (int i = from; i < to; i++) {
			if (blockingSource(key(i), type) != null) {
				return key(i);
			}
		}
		return null;
	}

	/** The keys at arguments {@code [from, to)}, for a command that blocks on them. */
	public List<byte[]> keys(int from, int to) {
		List<byte[]> keys = new java.util.ArrayList<>(to - from);
		for (int i = from; i < to; i++) {
			keys.add(key(i));
		}
		return keys;
	}

	/** Whether a blocking command should keep waiting rather than fail on a source of another type. */
	public boolean waitsPastWrongType(Object source, Class<?> type) {
		return this.wokenFromBlock && source != null && !type.isInstance(source);
	}

	/** The pending block request of the last command, cleared by the call. */
	public BlockRequest takeBlock() {
		BlockRequest b = this.block;
		this.block = null;
		return b;
	}

	boolean blockRequested() {
		return this.block != null;
	}

	/**
	 * A blocking command's timeout argument (seconds, decimals allowed) in milliseconds, with
	 * Redis's errors.
	 */
	public long timeoutArg(int i) {
		double seconds;
		try {
			seconds = io.cachalot.server.util.Numbers.parseDouble(this.args.bytes(i));
		}
		catch (NumberFormatException ex) {
			throw new CommandException("ERR timeout is not a float or out of range");
		}
		if (Double.isInfinite(seconds) || seconds > Long.MAX_VALUE / 1000.0) {
			throw new CommandException("ERR timeout is not a float or out of range");
		}
		if (seconds < 0) {
			throw new CommandException("ERR timeout is negative");
		}
		return (long) Math.ceil(seconds * 1000);
	}

	public ServerContext server() {
		return this.server;
	}

	public Session session() {
		return this.session;
	}

	public CommandArgs args() {
		return this.args;
	}

	public int argc() {
		return this.args.count();
	}

	public Reply reply() {
		return this.reply;
	}

	public CommandSpec spec() {
		return this.spec;
	}

	/** The client's selected database. */
	public Db db() {
		return this.server.keyspace().db(this.session.db());
	}

	/** Argument {@code i} as a key (a copy the store may keep). */
	public byte[] key(int i) {
		return this.args.bytes(i);
	}

	public byte[] arg(int i) {
		return this.args.bytes(i);
	}

	public String string(int i) {
		return this.args.string(i);
	}

	public boolean is(int i, String keyword) {
		return this.args.is(i, keyword);
	}

	/** Argument {@code i} as an integer, or Redis's "not an integer" error. */
	public long longArg(int i) {
		try {
			return this.args.longValue(i);
		}
		catch (NumberFormatException ex) {
			throw CommandException.notInteger();
		}
	}

	/** Argument {@code i} as a float, or Redis's "not a valid float" error. */
	public double doubleArg(int i) {
		try {
			return Numbers.parseDouble(this.args.bytes(i));
		}
		catch (NumberFormatException ex) {
			throw new CommandException(CommandException.NOT_FLOAT);
		}
	}

	/** A HELP subcommand's reply: its lines as status strings. */
	public void help(List<String> lines) {
		this.reply.array(lines.size());
		lines.forEach(this.reply::simple);
	}

	/** Redis's wrong-arity error for the running command. */
	public CommandException wrongArity() {
		return new CommandException("ERR wrong number of arguments for '" + this.spec.name() + "' command");
	}

}
