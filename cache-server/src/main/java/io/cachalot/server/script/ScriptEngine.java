package io.cachalot.server.script;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cachalot.server.ServerContext;
import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFlag;
import io.cachalot.server.command.CommandSpec;
import io.cachalot.server.command.CommandTable;
import io.cachalot.server.command.Session;
import io.cachalot.server.command.tracking.TrackingTable;
import io.cachalot.server.protocol.resp.CommandArgs;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.script.lib.LuaLibs;
import io.cachalot.server.store.CommandClock;
import io.cachalot.server.store.Keyspace;
import io.cachalot.server.util.Doubles;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;

/**
 * Runs Lua: EVAL scripts and FCALL functions, each in its own {@link Sandbox} (Redis keeps
 * scripts and functions in separate Lua states too).
 *
 * <p><b>Atomicity.</b> A script holds every stripe of the keyspace while it runs, so it is
 * atomic for every client on every thread even when it touches keys it did not declare, and
 * it runs under one command time snapshot (a key cannot expire halfway through).
 *
 * <p><b>Where scripts run.</b> A script starts on its caller's event loop — no thread
 * hand-off for the short scripts that are nearly all of them. One that runs longer than
 * {@link #INLINE_NANOS} without having written starts over on one dedicated script thread
 * (it changed nothing, so running it again is safe): the calling connection is
 * {@link CommandContext#detach detached} (it holds its next commands until the reply is
 * written) and the event loops stay free to answer other clients. That is what makes busy
 * scripts work as in Redis: a command that needs a key waits while a script runs; once the
 * script has run longer than {@code busy-reply-threshold}, every command except the
 * {@code allow_busy} ones gets {@code BUSY}, and SCRIPT KILL / FUNCTION KILL — whichever event
 * loop its connection is on — stops a script that has not written (the {@link ScriptHook}
 * checks every 1024 instructions). A script that wrote and then runs on cannot be killed (as
 * in Redis) and keeps its event loop; SHUTDOWN NOSAVE from another loop, or SIGTERM, ends it.
 * Inside MULTI / EXEC a script runs in place, under EXEC's locks.
 *
 * <p><b>Commands from scripts</b> go through the same handlers as clients' commands, with
 * Redis's script rules checked first (unknown, wrong arity, {@code noscript}, writes from
 * read-only scripts, OOM) and the reply converted to Lua by {@link RespToLua}.
 */
public final class ScriptEngine implements AutoCloseable {

	/** What runs: an EVAL script or a library function (SCRIPT KILL stops only the first). */
	public enum Kind {
		EVAL, FUNCTION
	}

	private static final String EVAL_CHUNK = "@user_script";

	private static final Pattern POSITION = Pattern.compile("^@?([^\\s:]+):(\\d+):? ");

	private static final Pattern LUAJ_TOKEN = Pattern.compile("unexpected symbol (\\d+) \\(.\\)");

	private final ServerContext server;

	private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "cachalot-script");
		t.setDaemon(true);
		return t;
	});

	private final ScriptHook evalHook = new ScriptHook(this::stopReason);

	private final ScriptHook functionHook = new ScriptHook(this::stopReason);

	private final Sandbox evalVm;

	private final Sandbox functionVm;

	private final ScriptCache scripts = new ScriptCache();

	private final FunctionLibraries functions;

	/** The script running now, if any. */
	private volatile Run running;

	private volatile long busyThresholdMillis = 5000;

	/** While a library loads: when its code must stop (Redis gives a load 500 ms); 0 otherwise. */
	private volatile long loadDeadlineNanos;

	static final long LOAD_TIMEOUT_MILLIS = 500;

	/** One execution of a script or function. */
	private static final class Run {

		final long sessionId;

		final Kind kind;

		final String name;

		final ScriptFlags flags;

		final boolean readOnly;

		final CommandContext ctx;

		final long startNanos = System.nanoTime();

		final ScriptHook hook;

		/** Clean (nothing written, not killed), then either {@link #WROTE} or {@link #KILLED}, never both. */
		final java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger(CLEAN);

		static final int CLEAN = 0;

		static final int WROTE = 1;

		static final int KILLED = 2;

		boolean wrote() {
			return this.state.get() == WROTE;
		}

		/** Marks the first write; false when a kill got in first (the write must not happen). */
		boolean markWrite() {
			return this.state.compareAndSet(CLEAN, WROTE) || this.state.get() == WROTE;
		}

		/** Why SCRIPT KILL / FUNCTION KILL stopped it (read once the state is KILLED). */
		volatile String killReason;

		/** Set by SHUTDOWN or a closing server: stops the script even if it wrote. */
		volatile String forcedStop;

		/** While it runs on the caller's event loop: when it must move to the script thread (0: it may not). */
		volatile long inlineUntil;

		int resp = 2;

		Run(CommandContext ctx, Kind kind, String name, ScriptFlags flags, boolean readOnly, ScriptHook hook) {
			this.sessionId = ctx.session().id();
			this.ctx = ctx;
			this.kind = kind;
			this.name = name;
			this.flags = flags;
			this.readOnly = readOnly || flags.noWrites();
			this.hook = hook;
		}

		/** The same invocation, started afresh (on the script thread, after a move). */
		Run restart() {
			return new Run(this.ctx, this.kind, this.name, this.flags, this.readOnly, this.hook);
		}

	}

	public ScriptEngine(ServerContext server) {
		this.server = server;
		RedisApi.Host host = new RedisApi.Host() {
			@Override
			public LuaValue call(Varargs args, boolean raise) {
				return ScriptEngine.this.call(args, raise);
			}

			@Override
			public void setResp(int protocol) {
				currentRun().resp = protocol;
			}

			@Override
			public LuaError error(String message) {
				return raise(message);
			}
		};
		this.evalVm = Sandbox.create(this.evalHook, RedisApi.create(host));
		this.functionVm = Sandbox.create(this.functionHook, RedisApi.create(host));
		this.functions = new FunctionLibraries(this.functionVm, host, loading -> this.loadDeadlineNanos = loading
				? System.nanoTime() + LOAD_TIMEOUT_MILLIS * 1_000_000L : 0);
	}

	/** {@code busy-reply-threshold} (alias {@code lua-time-limit}) in milliseconds. */
	public void busyThreshold(long millis) {
		this.busyThresholdMillis = millis;
	}

	public ScriptCache scripts() {
		return this.scripts;
	}

	public FunctionLibraries functions() {
		return this.functions;
	}

	// ---- EVAL ---------------------------------------------------------------------------

	/**
	 * Compiles an EVAL script (and caches it under its SHA1). Throws {@link CommandException}
	 * with Redis's "Error compiling script" message.
	 */
	public ScriptCache.Script compile(byte[] body) {
		ScriptCache.Script known = this.scripts.byBody(body);
		if (known != null) {
			// the same EVAL again: no SHA1 to compute
			return known;
		}
		String sha = RedisApi.sha1hex(body);
		ScriptCache.Script cached = this.scripts.get(sha);
		if (cached != null) {
			return cached;
		}
		Shebang shebang = Shebang.parse(body);
		Prototype prototype = compile(shebang.code(), EVAL_CHUNK, "ERR Error compiling script (new function): ");
		return this.scripts.put(new ScriptCache.Script(sha, body, prototype, shebang.flags()));
	}

	/** Compiles Lua source; a syntax error becomes {@code errorPrefix} + Lua 5.1's message. */
	static Prototype compile(byte[] code, String chunk, String errorPrefix) {
		try {
			return LuaC.instance.compile(new ByteArrayInputStream(code), chunk);
		}
		catch (LuaError | IOException ex) {
			throw new CommandException(errorPrefix + compileMessage(ex.getMessage()));
		}
	}

	/** Runs an EVAL script with its KEYS and ARGV. */
	public void eval(CommandContext ctx, ScriptCache.Script script, byte[][] keys, byte[][] argv, boolean readOnly) {
		Run run = new Run(ctx, Kind.EVAL, script.sha(), script.flags(), readOnly, this.evalHook);
		execute(run, () -> {
			this.evalVm.setProtected("KEYS", stringTable(keys));
			this.evalVm.setProtected("ARGV", stringTable(argv));
			return new org.luaj.vm2.LuaClosure(script.prototype(), this.evalVm).invoke();
		});
	}

	/** Runs a library function with its keys and arguments. */
	public void fcall(CommandContext ctx, FunctionLibraries.Function function, byte[][] keys, byte[][] argv,
			boolean readOnly) {
		Run run = new Run(ctx, Kind.FUNCTION, function.name(), function.flags(), readOnly, this.functionHook);
		execute(run, () -> function.body().invoke(LuaValue.varargsOf(stringTable(keys), stringTable(argv))));
	}

	static LuaTable stringTable(byte[][] values) {
		LuaTable t = new LuaTable(values.length, 0);
		for (int i = 0; i < values.length; i++) {
			t.rawset(i + 1, LuaValue.valueOf(values[i]));
		}
		return t;
	}

	// ---- running ------------------------------------------------------------------------

	/**
	 * A script that has run this long on its caller's event loop without writing moves to the
	 * script thread (it starts over there: it has changed nothing), so a long script never
	 * keeps an event loop from answering SCRIPT KILL.
	 */
	static final long INLINE_NANOS = 50_000_000L;

	/** The stop reason that means "move to the script thread", not "stop". */
	static final String MOVE = "move to the script thread";

	private void execute(Run run, Supplier<Varargs> body) {
		CommandContext ctx = run.ctx;
		if (this.server.monitors().active()) {
			// EVAL / FCALL show in MONITOR before the commands they run (Redis does the same)
			this.server.monitors().feed(ctx.session().db(), ctx.session().transport().remoteAddress(), ctx.args());
		}
		if (ctx.nested()) {
			// inside MULTI / EXEC: EXEC already holds every stripe and the time snapshot
			runLocked(run, body, ctx.reply());
			return;
		}
		if (!runInline(run, body)) {
			offload(run.restart(), body);
		}
	}

	/**
	 * Most scripts are short: they run right here, on the caller's event loop, under every
	 * stripe and the command's time snapshot, with no thread hand-off. Returns false when the
	 * script ran past {@link #INLINE_NANOS} without writing and must start over on the script
	 * thread.
	 */
	private boolean runInline(Run run, Supplier<Varargs> body) {
		CommandContext ctx = run.ctx;
		Keyspace keyspace = this.server.keyspace();
		if (!keyspace.lockAll(() -> busyError(ctx.session()) != null)) {
			ctx.reply().error(busyError(ctx.session()));
			return true;
		}
		try {
			run.inlineUntil = System.nanoTime() + INLINE_NANOS;
			return runLocked(run, body, ctx.reply());
		}
		finally {
			keyspace.unlockAll();
		}
	}

	/** Runs the script on the script thread; the caller's connection waits without blocking its loop. */
	private void offload(Run run, Supplier<Varargs> body) {
		CommandContext ctx = run.ctx;
		CompletableFuture<Consumer<Reply>> done = new CompletableFuture<>();
		ctx.detach(done);
		int protocol = ctx.session().protocol();
		this.thread.execute(() -> {
			RecordedReply reply = new RecordedReply(protocol);
			CommandClock.begin();
			TrackingTable.running(run.sessionId);
			this.server.keyspace().lockAll();
			try {
				runLocked(run, body, reply);
				done.complete(reply);
			}
			catch (Throwable ex) {
				done.completeExceptionally(ex);
			}
			finally {
				this.server.keyspace().unlockAll();
				TrackingTable.running(-1);
				CommandClock.end();
			}
		});
	}

	/** Runs the script and writes its reply; false (nothing written) when it must move threads. */
	private boolean runLocked(Run run, Supplier<Varargs> body, Reply reply) {
		Session session = run.ctx.session();
		int db = session.db();
		run.hook.reset();
		this.running = run;
		try {
			if (!run.flags.allowOom() && !run.readOnly && run.flags != ScriptFlags.NONE && overMemoryLimit()) {
				// a script that declares flags and may write is refused up front when memory is full (Redis 7)
				reply.error("OOM command not allowed when used memory > 'maxmemory'.");
				return true;
			}
			Varargs result = body.get();
			LuaToResp.write(result.arg1(), run.resp, reply);
		}
		catch (LuaError ex) {
			if (ex instanceof ScriptHook.ScriptStopped stopped && MOVE.equals(stopped.getMessage()) && !run.wrote()) {
				return false;
			}
			reply.error(failure(ex, run));
		}
		catch (StackOverflowError | OutOfMemoryError ex) {
			// the script's own recursion or allocations; the server goes on
			String what = (ex instanceof StackOverflowError) ? "stack overflow" : "not enough memory";
			reply.error("ERR Error running script: " + what + " script: " + run.name + ", on @" + run.hook.source() + ":"
					+ run.hook.line() + ".");
		}
		finally {
			this.running = null;
			session.db(db);
		}
		return true;
	}

	/** The error reply of a script that failed: Redis's message with the script and position. */
	private static String failure(LuaError ex, Run run) {
		LuaValue object = ex.getMessageObject();
		String message;
		if (object != null && object.istable() && object.rawget("err").isstring()) {
			message = object.rawget("err").tojstring();
		}
		else {
			String text = luaMessage(ex.getMessage());
			if (!(ex instanceof UnplacedLuaError) && !POSITION.matcher(text).find()) {
				// raised by a library function: Lua puts the calling line in front
				text = run.hook.source() + ":" + run.hook.line() + ": " + text;
			}
			message = "ERR " + text;
		}
		return (message + " script: " + run.name + ", on @" + run.hook.source() + ":" + run.hook.line() + ".")
			.replace('\r', ' ')
			.replace('\n', ' ');
	}

	/** LuaJ's "@user_script:3 text" as Lua 5.1 writes it: "user_script:3: text". */
	static String luaMessage(String message) {
		String m = (message == null) ? "" : message.strip();
		Matcher position = POSITION.matcher(m);
		return position.find() ? position.replaceFirst(position.group(1) + ":" + position.group(2) + ": ") : m;
	}

	private static String compileMessage(String message) {
		String m = luaMessage(message);
		Matcher token = LUAJ_TOKEN.matcher(m);
		if (token.find()) {
			int code = Integer.parseInt(token.group(1));
			String name = (code < 257) ? String.valueOf((char) code) : (code == 286) ? "<eof>" : "?";
			m = token.replaceFirst(Matcher.quoteReplacement("unexpected symbol near '" + name + "'"));
		}
		return m;
	}

	private Run currentRun() {
		Run run = this.running;
		if (run == null) {
			throw new LuaError("redis library called outside a script");
		}
		return run;
	}

	/** An error raised where the script is now, with Redis's error table. */
	private LuaError raise(String message) {
		return new LuaError(LuaValue.tableOf(new LuaValue[] { LuaValue.valueOf("err"), LuaValue.valueOf(message) }));
	}

	/** {@code redis.call} / {@code redis.pcall}. */
	private LuaValue call(Varargs luaArgs, boolean raise) {
		Run run = currentRun();
		int n = luaArgs.narg();
		if (n == 0) {
			return callError("ERR Please specify at least one argument for this redis lib call", raise);
		}
		byte[][] argv = new byte[n][];
		for (int i = 0; i < n; i++) {
			LuaValue a = luaArgs.arg(i + 1);
			if (a.type() == LuaValue.TNUMBER) {
				argv[i] = Doubles.format17g(a.todouble()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
			}
			else if (a.type() == LuaValue.TSTRING) {
				argv[i] = LuaLibs.bytes(a.checkstring());
			}
			else {
				return callError("ERR Lua redis lib command arguments must be strings or integers", raise);
			}
		}
		CommandArgs args = CommandArgs.of(argv);
		CommandTable table = this.server.commands();
		CommandSpec spec = table.lookup(args, 0);
		if (spec != null && spec.isContainer()) {
			spec = (n < 2) ? null : table.lookupSubcommand(spec, args, 1);
		}
		if (spec == null) {
			return callError("ERR Unknown Redis command called from script", raise);
		}
		if (!spec.arityAccepts(n)) {
			return callError("ERR Wrong number of args calling Redis command from script", raise);
		}
		if (spec.has(CommandFlag.NOSCRIPT)) {
			return callError("ERR This Redis command is not allowed from script", raise);
		}
		if (spec.isWrite()) {
			if (run.readOnly) {
				return callError("ERR Write commands are not allowed from read-only scripts.", raise);
			}
			if (spec.has(CommandFlag.DENYOOM) && !run.flags.allowOom() && !run.wrote() && overMemoryLimit()) {
				return callError("OOM command not allowed when used memory > 'maxmemory'.", raise);
			}
			if (!run.markWrite()) {
				// SCRIPT KILL was accepted before this first write: the script stops here, having changed nothing
				throw new ScriptHook.ScriptStopped(run.killReason);
			}
		}
		RespToLua reply = new RespToLua(run.resp);
		run.ctx.runNested(spec, args, reply);
		if (raise && reply.error() != null) {
			throw new LuaError(reply.result());
		}
		return reply.result();
	}

	private LuaValue callError(String message, boolean raise) {
		LuaTable error = LuaValue.tableOf(new LuaValue[] { LuaValue.valueOf("err"), LuaValue.valueOf(message) });
		if (raise) {
			throw new LuaError(error);
		}
		return error;
	}

	private boolean overMemoryLimit() {
		return this.server.evictor().overLimit() && !this.server.evictor().makeRoom();
	}

	// ---- busy scripts -------------------------------------------------------------------

	/** Asked by the hook: why the running script must stop now, or null. */
	private String stopReason() {
		Run run = this.running;
		if (run != null) {
			if (run.forcedStop != null) {
				return run.forcedStop;
			}
			if (run.state.get() == Run.KILLED) {
				return run.killReason;
			}
			long until = run.inlineUntil;
			return (until != 0 && !run.wrote() && System.nanoTime() - until > 0) ? MOVE : null;
		}
		long deadline = this.loadDeadlineNanos;
		return (deadline != 0 && System.nanoTime() - deadline > 0) ? "FUNCTION LOAD timeout" : null;
	}

	/**
	 * Redis's BUSY error for a command from {@code session} while a script (of another client)
	 * has run longer than {@code busy-reply-threshold}; null when the command may go on.
	 */
	public String busyError(Session session) {
		Run run = this.running;
		if (run == null || run.sessionId == session.id()
				|| System.nanoTime() - run.startNanos < this.busyThresholdMillis * 1_000_000L) {
			return null;
		}
		return "BUSY Redis is busy running a script. You can only call "
				+ (run.kind == Kind.EVAL ? "SCRIPT KILL" : "FUNCTION KILL") + " or SHUTDOWN NOSAVE.";
	}

	private static final String UNKILLABLE = "UNKILLABLE Sorry the script already executed write commands against the dataset. "
			+ "You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.";

	/**
	 * SCRIPT KILL / FUNCTION KILL: null when the script will stop, else the error to reply. A
	 * kill and the script's first write race through one atomic state, so a script is either
	 * killed before it changed anything or not killed at all.
	 */
	public String kill(Kind kind) {
		Run run = this.running;
		if (run == null) {
			return "NOTBUSY No scripts in execution right now.";
		}
		if (run.kind != kind) {
			return (kind == Kind.EVAL) ? "ERR No scripts in execution right now. Did you mean FUNCTION KILL?"
					: "ERR No function in execution right now. Did you mean SCRIPT KILL?";
		}
		// the reason first, then the state: a script that sees KILLED also sees why
		String reason = "Script killed by user with " + (kind == Kind.EVAL ? "SCRIPT KILL..." : "FUNCTION KILL...");
		if (run.state.get() == Run.WROTE) {
			return UNKILLABLE;
		}
		run.killReason = reason;
		if (!run.state.compareAndSet(Run.CLEAN, Run.KILLED) && run.state.get() == Run.WROTE) {
			// the script wrote in the meantime: it goes on, as Redis would
			return UNKILLABLE;
		}
		return null;
	}

	/** Stops the running script even if it wrote (SHUTDOWN, server close). */
	public void stopRunning(String reason) {
		Run run = this.running;
		if (run != null) {
			run.forcedStop = reason;
		}
	}

	/** The script running now: its name and milliseconds so far (FUNCTION STATS); null when none. */
	public RunningScript runningScript(Kind kind) {
		Run run = this.running;
		if (run == null || run.kind != kind) {
			return null;
		}
		return new RunningScript(run.name, (System.nanoTime() - run.startNanos) / 1_000_000L);
	}

	public record RunningScript(String name, long millis) {
	}

	@Override
	public void close() {
		stopRunning("Server shutting down");
		this.thread.shutdownNow();
	}

}
