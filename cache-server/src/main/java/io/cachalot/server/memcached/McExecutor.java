package io.cachalot.server.memcached;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.cachalot.server.ServerContext;
import io.cachalot.server.ServerInfo;
import io.cachalot.server.protocol.memcached.McCommand;
import io.cachalot.server.protocol.memcached.McDecoder;
import io.cachalot.server.protocol.memcached.McRequest;
import io.cachalot.server.protocol.memcached.McWriter;
import io.cachalot.server.protocol.memcached.Numbers;
import io.cachalot.server.store.CommandClock;
import io.cachalot.server.store.Db;
import io.cachalot.server.store.memcached.ItemStore;
import io.cachalot.server.store.memcached.ItemStore.Mode;
import io.cachalot.server.store.memcached.ItemStore.Outcome;

/**
 * Runs memcached requests: the one place where a {@link McRequest}'s command is dispatched,
 * here for the classic text commands and to {@link MetaCommands} for the meta ones. Handlers
 * check their line as memcached does (token counts, numbers, key length) and answer with
 * memcached's replies and error strings; item semantics are {@link ItemStore}'s.
 *
 * <p>Every request runs under one command time snapshot ({@link CommandClock}), on the event
 * loop that read it. A storage command first makes room under {@code maxmemory}; when the
 * policy cannot (noeviction), it is refused with {@code SERVER_ERROR out of memory storing
 * object}, as memcached refuses a write it has no memory for.
 */
public final class McExecutor {

	/** What the connection does after a request. */
	public enum Next {

		CONTINUE, CLOSE

	}

	static final String BAD_FORMAT = "CLIENT_ERROR bad command line format";

	private static final System.Logger LOG = System.getLogger(McExecutor.class.getName());

	private final ServerContext server;

	private final ItemStore items;

	private final McStats stats;

	private final MetaCommands meta;

	private final McStatsReport report;

	public McExecutor(ServerContext server, McStats stats) {
		this.server = server;
		this.items = new ItemStore(server.keyspace());
		this.stats = stats;
		this.meta = new MetaCommands(this.items, stats, this::roomForWrite);
		this.report = new McStatsReport(server, stats);
	}

	/** Runs one decoded request, writing its reply (if any) with {@code out}. */
	public Next execute(McRequest request, McWriter out) {
		CommandClock.begin();
		try {
			return run(request, out);
		}
		catch (RuntimeException ex) {
			LOG.log(System.Logger.Level.WARNING, "memcached command failed", ex);
			out.line("SERVER_ERROR " + ex);
			return Next.CONTINUE;
		}
		finally {
			CommandClock.end();
		}
	}

	private Next run(McRequest r, McWriter out) {
		if (r.tokenCount() == 0 || r.command() == null) {
			out.line("ERROR");
			return Next.CONTINUE;
		}
		if (r.error() != null) {
			if (r.swallowed() && r.command() == McCommand.SET) {
				// a failed SET must not leave the old value behind
				this.items.delete(r.token(1), null);
			}
			out.line(r.error());
			return Next.CONTINUE;
		}
		switch (r.command()) {
			case GET -> retrieve(r, out, false, false);
			case GETS -> retrieve(r, out, true, false);
			case GAT -> retrieve(r, out, false, true);
			case GATS -> retrieve(r, out, true, true);
			case SET -> store(r, out, Mode.SET);
			case ADD -> store(r, out, Mode.ADD);
			case REPLACE -> store(r, out, Mode.REPLACE);
			case APPEND -> store(r, out, Mode.APPEND);
			case PREPEND -> store(r, out, Mode.PREPEND);
			case CAS -> store(r, out, Mode.SET);
			case DELETE -> delete(r, out);
			case INCR -> arithmetic(r, out, true);
			case DECR -> arithmetic(r, out, false);
			case TOUCH -> touch(r, out);
			case FLUSH_ALL -> flushAll(r, out);
			case VERSION -> out.line("VERSION " + ServerInfo.MEMCACHED_VERSION);
			case VERBOSITY -> verbosity(r, out);
			case STATS -> this.report.stats(r, out);
			case CACHE_MEMLIMIT -> cacheMemlimit(r, out);
			case SHUTDOWN -> out.line("ERROR: shutdown not enabled");
			case QUIT -> {
				return Next.CLOSE;
			}
			case META_GET -> this.meta.get(r, out);
			case META_SET -> this.meta.set(r, out);
			case META_DELETE -> this.meta.delete(r, out);
			case META_ARITHMETIC -> this.meta.arithmetic(r, out);
			case META_NOOP -> out.line("MN");
			case META_DEBUG -> this.meta.debug(r, out);
		}
		return Next.CONTINUE;
	}

	/** A reply unless the request ends in {@code noreply}. */
	private static void reply(McRequest r, McWriter out, String line) {
		if (!r.noreply()) {
			out.line(line);
		}
	}

	// ---- retrieval ---------------------------------------------------------------------------

	private void retrieve(McRequest r, McWriter out, boolean withCas, boolean touch) {
		int first = touch ? 2 : 1;
		if (r.tokenCount() < 2) {
			out.line("ERROR");
			return;
		}
		long expireAt = 0;
		if (touch) {
			long exptime = Numbers.parseInt(r.token(1));
			if (exptime == Numbers.INVALID) {
				out.line("CLIENT_ERROR invalid exptime argument");
				return;
			}
			expireAt = ItemStore.expireAt(exptime, CommandClock.now());
		}
		for (int i = first; i < r.tokenCount(); i++) {
			if (r.token(i).length > McDecoder.MAX_KEY_LENGTH) {
				out.line(BAD_FORMAT);
				return;
			}
		}
		for (int i = first; i < r.tokenCount(); i++) {
			byte[] key = r.token(i);
			Db.Item item = touch ? this.items.getAndTouch(key, expireAt) : this.items.get(key);
			if (touch) {
				this.stats.cmdTouch.increment();
				(item != null ? this.stats.touchHits : this.stats.touchMisses).increment();
			}
			this.stats.cmdGet.increment();
			if (item == null) {
				this.stats.getMisses.increment();
				continue;
			}
			this.stats.getHits.increment();
			out.value(key, item.clientFlags(), item.value(), item.cas(), withCas);
		}
		out.line("END");
	}

	// ---- storage -----------------------------------------------------------------------------

	private void store(McRequest r, McWriter out, Mode mode) {
		this.stats.cmdSet.increment();
		if (!roomForWrite()) {
			out.line("SERVER_ERROR out of memory storing object");
			return;
		}
		long expireAt = ItemStore.expireAt(r.exptime(), CommandClock.now());
		boolean compare = r.command() == McCommand.CAS;
		ItemStore.Stored stored = this.items.store(mode, r.token(1), r.data(), r.flags(), expireAt,
				compare ? ItemStore.CasCheck.of(r.cas()) : null);
		if (compare) {
			switch (stored.outcome()) {
				case DONE -> this.stats.casHits.increment();
				case EXISTS -> this.stats.casBadval.increment();
				default -> this.stats.casMisses.increment();
			}
		}
		if (stored.outcome() == Outcome.DONE) {
			this.stats.totalItems.increment();
		}
		reply(r, out, switch (stored.outcome()) {
			case DONE -> "STORED";
			case NOT_STORED -> "NOT_STORED";
			case EXISTS -> "EXISTS";
			case NOT_FOUND -> "NOT_FOUND";
		});
	}

	/** Whether a write may go ahead: memory is under {@code maxmemory}, or eviction made room. */
	private boolean roomForWrite() {
		return !this.server.evictor().overLimit() || this.server.evictor().makeRoom();
	}

	// ---- the rest ------------------------------------------------------------------------------

	private void delete(McRequest r, McWriter out) {
		int n = r.tokenCount();
		if (n < 2 || n > 4) {
			out.line("ERROR");
			return;
		}
		if (n > 2) {
			boolean holdIsZero = r.text(2).equals("0");
			boolean valid = (n == 3 && (holdIsZero || r.noreply())) || (n == 4 && holdIsZero && r.noreply());
			if (!valid) {
				out.line("CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]");
				return;
			}
		}
		if (r.token(1).length > McDecoder.MAX_KEY_LENGTH) {
			out.line(BAD_FORMAT);
			return;
		}
		Outcome outcome = this.items.delete(r.token(1), null);
		(outcome == Outcome.DONE ? this.stats.deleteHits : this.stats.deleteMisses).increment();
		reply(r, out, (outcome == Outcome.DONE) ? "DELETED" : "NOT_FOUND");
	}

	private void arithmetic(McRequest r, McWriter out, boolean incr) {
		if (!keyAndArgument(r, out)) {
			return;
		}
		if (!Numbers.isUnsigned(r.token(2))) {
			out.line("CLIENT_ERROR invalid numeric delta argument");
			return;
		}
		ItemStore.Counter counter = this.items.add(r.token(1), Numbers.parseUnsigned(r.token(2)), incr, null, false, 0, 0);
		boolean hit = counter.outcome() == Outcome.DONE;
		if (incr) {
			(hit ? this.stats.incrHits : this.stats.incrMisses).increment();
		}
		else {
			(hit ? this.stats.decrHits : this.stats.decrMisses).increment();
		}
		switch (counter.outcome()) {
			case DONE -> reply(r, out, Long.toUnsignedString(counter.value()));
			case NOT_FOUND -> reply(r, out, "NOT_FOUND");
			default -> out.line("CLIENT_ERROR cannot increment or decrement non-numeric value");
		}
	}

	/**
	 * Checks a {@code <command> <key> <argument> [noreply]} line: ERROR for another token
	 * count, the bad-format error for a key longer than memcached allows.
	 */
	private static boolean keyAndArgument(McRequest r, McWriter out) {
		int n = r.tokenCount();
		if (n != 3 && n != 4) {
			out.line("ERROR");
			return false;
		}
		if (r.token(1).length > McDecoder.MAX_KEY_LENGTH) {
			out.line(BAD_FORMAT);
			return false;
		}
		return true;
	}

	private void touch(McRequest r, McWriter out) {
		if (!keyAndArgument(r, out)) {
			return;
		}
		long exptime = Numbers.parseInt(r.token(2));
		if (exptime == Numbers.INVALID) {
			out.line("CLIENT_ERROR invalid exptime argument");
			return;
		}
		this.stats.cmdTouch.increment();
		boolean touched = this.items.touch(r.token(1), ItemStore.expireAt(exptime, CommandClock.now()));
		(touched ? this.stats.touchHits : this.stats.touchMisses).increment();
		reply(r, out, touched ? "TOUCHED" : "NOT_FOUND");
	}

	/** FLUSH_ALL [delay] [noreply]: at once, or once the delay (seconds, or a unix time) has passed. */
	private void flushAll(McRequest r, McWriter out) {
		int n = r.tokenCount();
		if (n > 3) {
			out.line("ERROR");
			return;
		}
		long delay = 0;
		if (n >= 2 && !(n == 2 && r.noreply())) {
			long exptime = Numbers.parseInt(r.token(1));
			if (exptime == Numbers.INVALID) {
				out.line("CLIENT_ERROR invalid exptime argument");
				return;
			}
			long now = CommandClock.now();
			long at = (exptime <= 0) ? now : ItemStore.expireAt(exptime, now);
			delay = (at == ItemStore.ALREADY_EXPIRED) ? 0 : Math.max(0, at - now);
		}
		this.stats.cmdFlush.increment();
		if (delay == 0) {
			this.items.flushAll();
		}
		else {
			CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(this.items::flushAll);
		}
		reply(r, out, "OK");
	}

	private void verbosity(McRequest r, McWriter out) {
		int n = r.tokenCount();
		if (n != 2 && n != 3) {
			out.line("ERROR");
			return;
		}
		reply(r, out, "OK");
	}

	/** CACHE_MEMLIMIT <megabytes> [noreply]: the server's {@code maxmemory}, which both engines share. */
	private void cacheMemlimit(McRequest r, McWriter out) {
		int n = r.tokenCount();
		if (n != 2 && n != 3) {
			out.line("ERROR");
			return;
		}
		long megabytes = Numbers.parseInt(r.token(1));
		if (megabytes == Numbers.INVALID || megabytes < 0) {
			out.line("CLIENT_ERROR bad command line format");
			return;
		}
		this.server.config().set(java.util.Map.of("maxmemory", Long.toString(megabytes * 1024 * 1024)));
		reply(r, out, "OK");
	}

}
