package io.cachalot.server.command;

import java.util.function.BooleanSupplier;

import io.cachalot.server.ServerContext;
import io.cachalot.server.protocol.resp.CommandArgs;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.command.tracking.TrackingState;
import io.cachalot.server.command.tracking.TrackingTable;
import io.cachalot.server.store.CommandClock;
import io.cachalot.server.store.Keyspace;
import io.cachalot.server.store.StoreException;

/**
 * The one place every command passes through. In order: look the command (and subcommand)
 * up, check arity, authentication, CLIENT PAUSE and maxmemory, lock the stripes of the keys
 * the declaration names, run the handler, count calls, time and errors. Handlers contain
 * none of these checks.
 *
 * <p>Seams for what comes later: ACL checks and cluster slot routing read the same key
 * positions before locking; MULTI queueing happens before execution, after the checks
 * Redis makes at queue time.
 */
public final class Dispatcher {

	private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

	private final ServerContext server;

	private final CommandTable table;

	private final Keyspace keyspace;

	public Dispatcher(ServerContext server) {
		this.server = server;
		this.table = server.commands();
		this.keyspace = server.keyspace();
	}

	/** {@link #execute} result: the command blocked (see {@link CommandContext#block}); nothing was written. */
	public static final long BLOCKED = -1;

	/**
	 * {@link #execute} result: the command goes on on another thread (a script, see
	 * {@link CommandContext#detach}); its reply comes through {@link CommandContext#takeDetached}.
	 */
	public static final long DETACHED = -2;

	/**
	 * Executes one command and writes its reply. Returns 0 when done, {@link #BLOCKED} when a
	 * blocking command waits for data, or the number of milliseconds to wait before retrying
	 * when CLIENT PAUSE holds the command back (nothing was written then).
	 */
	public long execute(CommandContext ctx, CommandArgs args, Reply reply) {
		ctx.session().lastInteraction = CommandClock.begin();
		TrackingTable.running(ctx.session().id());
		try {
			return dispatch(ctx, args, reply);
		}
		finally {
			CommandClock.end();
			TrackingTable.running(-1);
		}
	}

	private long dispatch(CommandContext ctx, CommandArgs args, Reply reply) {
		Session session = ctx.session();
		CommandSpec spec = this.table.lookup(args, 0);
		if (spec == null) {
			reject(reply, null, unknownCommand(args), session);
			return 0;
		}
		if (spec.isContainer()) {
			if (args.count() < 2) {
				reject(reply, spec, "ERR wrong number of arguments for '" + spec.name() + "' command", session);
				return 0;
			}
			CommandSpec sub = this.table.lookupSubcommand(spec, args, 1);
			if (sub == null) {
				reject(reply, spec, "ERR unknown subcommand '" + truncate(args.string(1)) + "'. Try "
						+ spec.name().toUpperCase() + " HELP.", session);
				return 0;
			}
			spec = sub;
		}
		if (!spec.arityAccepts(args.count())) {
			reject(reply, spec, "ERR wrong number of arguments for '" + spec.name() + "' command", session);
			return 0;
		}
		if (!session.authenticated && !spec.noAuth) {
			reject(reply, spec, "NOAUTH Authentication required.", session);
			return 0;
		}
		if (session.transaction().isOpen() && !spec.runsInsideMulti && spec.has(CommandFlag.NO_MULTI)) {
			reject(reply, spec, "ERR Command not allowed inside a transaction", session);
			return 0;
		}
		if (session.inResp2SubscribedMode() && !spec.allowedWhileSubscribed) {
			reject(reply, spec, "ERR Can't execute '" + spec.name() + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT"
					+ " / RESET are allowed in this context", session);
			return 0;
		}
		String busy = spec.has(CommandFlag.ALLOW_BUSY) ? null : this.server.scripts().busyError(session);
		if (busy != null) {
			reject(reply, spec, busy, session);
			return 0;
		}
		long delay = this.server.pause().delayFor(spec);
		if (delay > 0) {
			return delay;
		}
		if (spec.has(CommandFlag.WRITE) && !session.replicationLink() && this.server.replication().readOnly()) {
			reject(reply, spec, "READONLY You can't write against a read only replica.", session);
			return 0;
		}
		if (this.server.evictor().overLimit() && !this.server.evictor().makeRoom() && spec.denyOom) {
			reject(reply, spec, "OOM command not allowed when used memory > 'maxmemory'.", session);
			return 0;
		}
		if (session.transaction().isOpen() && !spec.runsInsideMulti) {
			session.transaction().enqueue(spec, args);
			reply.simple("QUEUED");
			return 0;
		}
		run(ctx, spec, args, reply, true);
		if (ctx.detachRequested()) {
			return DETACHED;
		}
		return ctx.blockRequested() ? BLOCKED : 0;
	}

	/** Client-side caching: the keys a tracking client just read, to invalidate when they change. */
	private void rememberReads(Session session, CommandSpec spec, CommandArgs args) {
		int[] positions = new int[args.count()];
		int n = spec.keyPositions(args, positions);
		for (int k = 0; k < n; k++) {
			this.server.tracking().remember(session, args.bytes(positions[k]));
		}
	}

	/** A command queued by MULTI, run by EXEC (checks were done when it was queued). */
	void runQueued(CommandContext ctx, CommandSpec spec, CommandArgs args, Reply reply) {
		run(ctx, spec, args, reply, false);
	}

	/**
	 * Runs a handler under its keys' stripes. {@code topLevel}: a client's command, which may
	 * detach (a script); nested runs (EXEC, redis.call on the script thread) never look at the
	 * detached reply of the command that contains them.
	 */
	private void run(CommandContext ctx, CommandSpec spec, CommandArgs args, Reply reply, boolean topLevel) {
		ctx.bind(spec, args, reply);
		this.server.notifier().commandStarted();
		ctx.session().lastCommand = spec.name();
		long start = System.nanoTime();
		int[] stripes = null;
		int lockCount = 0;
		int singleStripe = -1;
		boolean all = false;
		// nested runs (EXEC's queue, a script's redis.call) already hold every stripe
		if (spec.hasKeys && !spec.runsScript && !ctx.nested()) {
			// while a script runs, waiting gives way to BUSY once it passes busy-reply-threshold
			BooleanSupplier busy = () -> this.server.scripts().busyError(ctx.session()) != null;
			boolean locked;
			if (spec.unknownKeys) {
				all = true;
				locked = this.keyspace.lockAll(busy);
			}
			else if (spec.singleKeyIndex > 0 && spec.singleKeyIndex < args.count()) {
				singleStripe = this.keyspace.stripeOfHash(args.hash(spec.singleKeyIndex));
				locked = this.keyspace.lockStripe(singleStripe, busy);
			}
			else {
				int[] positions = new int[args.count()];
				int n = spec.keyPositions(args, positions);
				stripes = new int[n];
				for (int k = 0; k < n; k++) {
					stripes[k] = this.keyspace.stripeOfHash(args.hash(positions[k]));
				}
				lockCount = sortUnique(stripes, n);
				locked = this.keyspace.lockStripes(stripes, lockCount, busy);
			}
			if (!locked) {
				fail(reply, spec, this.server.scripts().busyError(ctx.session()));
				this.server.notifier().commandDone(spec.name(), args, ctx.session().db(), true);
				return;
			}
		}
		TrackingState tracking = ctx.session().tracking();
		if (tracking.enabled()) {
			tracking.startCommand(spec.name().startsWith("client|") || ctx.session().transaction().isOpen());
		}
		try {
			spec.handler().handle(ctx);
			if (tracking.enabled() && spec.has(CommandFlag.READONLY) && spec.hasKeys) {
				rememberReads(ctx.session(), spec, args);
			}
		}
		catch (CommandException ex) {
			fail(reply, spec, ex.getMessage());
		}
		catch (StoreException ex) {
			fail(reply, spec, ex.getMessage());
		}
		catch (RuntimeException ex) {
			LOG.log(System.Logger.Level.WARNING, "command " + spec.name() + " failed", ex);
			fail(reply, spec, "ERR " + ex);
		}
		finally {
			this.server.notifier().commandDone(spec.name(), args, ctx.session().db(), spec.has(CommandFlag.READONLY));
			if (all) {
				this.keyspace.unlockAll();
			}
			else if (singleStripe >= 0) {
				this.keyspace.unlockStripe(singleStripe);
			}
			else if (stripes != null) {
				this.keyspace.unlockStripes(stripes, lockCount);
			}
		}
		if (topLevel && ctx.detachRequested()) {
			// counted when the reply is ready, with the time the work really took
			CommandArgs kept = args.detach();
			Session session = ctx.session();
			ctx.detach(ctx.takeDetached().whenComplete((writer, error) -> {
				long micros = (System.nanoTime() - start) / 1000;
				spec.recordCall(micros, this.server.latencyTracking());
				observe(null, session, spec, kept, micros);
			}));
			return;
		}
		long micros = (System.nanoTime() - start) / 1000;
		spec.recordCall(micros, this.server.latencyTracking());
		observe(ctx, ctx.session(), spec, args, micros);
	}

	/**
	 * SLOWLOG, the latency monitor and MONITOR see every command that ran; a command a script
	 * called shows in MONITOR as from "lua" and is timed as part of its script, as in Redis.
	 */
	private void observe(CommandContext ctx, Session session, CommandSpec spec, CommandArgs args, long micros) {
		boolean fromScript = ctx != null && ctx.fromScript();
		if (!fromScript) {
			if (!spec.has(CommandFlag.SKIP_SLOWLOG)) {
				this.server.slowlog().record(args, micros, session.transport().remoteAddress(), session.name());
			}
			this.server.latency().record(spec.has(CommandFlag.FAST), micros);
		}
		if (this.server.monitors().active() && !spec.has(CommandFlag.ADMIN) && !spec.has(CommandFlag.SKIP_MONITOR)) {
			this.server.monitors().feed(session.db(), fromScript ? "lua" : session.transport().remoteAddress(), args);
		}
	}

	/** A queue-time rejection: also dooms an open transaction (EXEC answers EXECABORT), as Redis. */
	private void reject(Reply reply, CommandSpec spec, String error, Session session) {
		session.transaction().fail();
		reject(reply, spec, error);
	}

	private void reject(Reply reply, CommandSpec spec, String error) {
		if (spec != null) {
			spec.rejectedCalls.increment();
		}
		this.server.stats().error(error);
		reply.error(error);
	}

	private void fail(Reply reply, CommandSpec spec, String error) {
		spec.failedCalls.increment();
		this.server.stats().error(error);
		reply.error(error);
	}

	private static String unknownCommand(CommandArgs args) {
		StringBuilder rest = new StringBuilder();
		for (int i = 1; i < args.count() && rest.length() < 128; i++) {
			String a = args.string(i);
			rest.append('\'').append(a, 0, Math.min(a.length(), 128 - rest.length())).append("' ");
		}
		return "ERR unknown command '" + truncate(args.string(0)) + "', with args beginning with: " + rest;
	}

	private static String truncate(String s) {
		return (s.length() > 128) ? s.substring(0, 128) : s;
	}

	/** Sorts the first {@code n} values ascending and removes duplicates; returns the new count. */
	static int sortUnique(int[] a, int n) {
		java.util.Arrays.sort(a, 0, n);
		int w = 0;
		for (int i = 0; i < n; i++) {
			if (w == 0 || a[w - 1] != a[i]) {
				a[w++] = a[i];
			}
		}
		return w;
	}

}
