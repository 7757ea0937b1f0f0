package io.cachalot.server.memcached;

import java.util.function.BooleanSupplier;

import io.cachalot.server.protocol.memcached.McRequest;
import io.cachalot.server.protocol.memcached.McWriter;
import io.cachalot.server.protocol.memcached.Numbers;
import io.cachalot.server.store.CommandClock;
import io.cachalot.server.store.Db;
import io.cachalot.server.store.memcached.ItemStore;
import io.cachalot.server.store.memcached.ItemStore.Mode;
import io.cachalot.server.store.memcached.ItemStore.Outcome;

/**
 * The meta commands — {@code mg}, {@code ms}, {@code md}, {@code ma}, {@code me} — over the
 * same items as the text commands. Replies are memcached's two-letter codes ({@code VA},
 * {@code HD}, {@code EN}, {@code NS}, {@code EX}, {@code NF}) followed by the requested
 * flags in request order; {@code q} leaves out the uninteresting reply (EN for a get, HD for
 * the others) so that pipelines end with {@code mn}.
 *
 * <p>Stale-while-revalidate, as memcached does it: {@code mg N} creates a missing item empty
 * and {@code mg R} flags one about to expire, {@code md I} (and {@code ms I} with an older
 * CAS value) marks one stale; the first fetch of such an item wins the right to recache it
 * ({@code W}), later ones see that the token is out ({@code Z}) and that it is stale
 * ({@code X}) — so one client recomputes while the others keep serving the old value.
 *
 * <p>Not supported, and refused as an invalid flag rather than ignored, as memcached 1.6.18
 * refuses them too: md {@code x} and explicit CAS values ({@code E}). ms accepts {@code N}
 * and {@code S} without effect, as 1.6.18 answers an append with {@code N} to a missing item
 * {@code NS}.
 */
final class MetaCommands {

	private final ItemStore items;

	private final McStats stats;

	private final BooleanSupplier roomForWrite;

	MetaCommands(ItemStore items, McStats stats, BooleanSupplier roomForWrite) {
		this.items = items;
		this.stats = stats;
		this.roomForWrite = roomForWrite;
	}

	/** {@code mg <key> <flags>*}. */
	void get(McRequest r, McWriter out) {
		MetaFlags f = accepted(r, out, 2, "bcfhklOqstuvNRT", false);
		if (f == null) {
			return;
		}
		long ttl = f.number('T', 0);
		long vivify = f.number('N', 0);
		long recache = f.number('R', 0);
		if (ttl == Numbers.INVALID || vivify == Numbers.INVALID || recache == Numbers.INVALID) {
			out.line(f.badToken());
			return;
		}
		long now = CommandClock.now();
		ItemStore.MetaRead read = this.items.metaGet(f.key, f.has('T') ? ItemStore.expireAt(ttl, now) : ItemStore.UNSET,
				f.has('N') ? ItemStore.expireAt(vivify, now) : ItemStore.UNSET, f.has('R') ? recache : ItemStore.UNSET,
				now);
		Db.Item item = read.item();
		this.stats.cmdGet.increment();
		if (f.has('T')) {
			this.stats.cmdTouch.increment();
			(item != null ? this.stats.touchHits : this.stats.touchMisses).increment();
		}
		if (item == null) {
			this.stats.getMisses.increment();
			if (!f.has('q')) {
				out.text("EN").endLine();
			}
			return;
		}
		this.stats.getHits.increment();
		if (f.has('v')) {
			out.text("VA ").number(item.value().length);
		}
		else {
			out.text("HD");
		}
		f.echo(out, "bcfhklOst", c -> switch (c) {
			case 'c' -> Long.toUnsignedString(item.cas());
			case 'f' -> Long.toString(item.clientFlags() & 0xFFFFFFFFL);
			case 'h' -> item.has(Db.Item.FETCHED) ? "1" : "0";
			case 'l' -> Long.toString(item.idleSeconds());
			case 's' -> Integer.toString(item.value().length);
			case 't' -> Long.toString(ttl(item, now));
			default -> null;
		});
		// then memcached's recache signals: token already out, stale, and this client's win
		if (item.has(Db.Item.TOKEN_SENT)) {
			out.text(" Z");
		}
		if (item.has(Db.Item.STALE)) {
			out.text(" X");
		}
		if (read.win()) {
			out.text(" W");
		}
		out.endLine();
		if (f.has('v')) {
			out.block(item.value());
		}
	}

	/** {@code ms <key> <datalen> <flags>*} and its data block. */
	void set(McRequest r, McWriter out) {
		MetaFlags f = accepted(r, out, 3, "bcCFIkOqsSTMN", false);
		if (f == null) {
			return;
		}
		this.stats.cmdSet.increment();
		long ttl = f.number('T', 0);
		Long clientFlags = f.unsigned('F', 0);
		Long cas = f.unsigned('C', 0);
		if (clientFlags == null) {
			out.line("CLIENT_ERROR bad command line format");
			return;
		}
		if (ttl == Numbers.INVALID || cas == null) {
			out.line(f.badToken());
			return;
		}
		Mode mode = setMode(f);
		if (mode == null) {
			out.line("CLIENT_ERROR invalid mode for ms M token");
			return;
		}
		if (!this.roomForWrite.getAsBoolean()) {
			out.line("SERVER_ERROR out of memory storing object");
			return;
		}
		long expireAt = ItemStore.expireAt(ttl, CommandClock.now());
		ItemStore.Stored stored = this.items.store(mode, f.key, r.data(), (int) (long) clientFlags, expireAt,
				f.has('C') ? new ItemStore.CasCheck(cas, f.has('I')) : null);
		if (f.has('C')) {
			switch (stored.outcome()) {
				case DONE -> this.stats.casHits.increment();
				case EXISTS -> this.stats.casBadval.increment();
				default -> this.stats.casMisses.increment();
			}
		}
		String code = switch (stored.outcome()) {
			case DONE -> "HD";
			case NOT_STORED -> "NS";
			case EXISTS -> "EX";
			case NOT_FOUND -> "NF";
		};
		if (stored.outcome() == Outcome.DONE) {
			this.stats.totalItems.increment();
			if (f.has('q')) {
				return;
			}
		}
		long newCas = stored.cas();
		out.text(code);
		f.echo(out, "bckO", c -> (c == 'c') ? Long.toUnsignedString(newCas) : null);
		out.endLine();
	}

	private static Mode setMode(MetaFlags f) {
		return switch (f.mode()) {
			case 0, 'S', 's' -> Mode.SET;
			case 'E', 'e' -> Mode.ADD;
			case 'R', 'r' -> Mode.REPLACE;
			case 'A', 'a' -> Mode.APPEND;
			case 'P', 'p' -> Mode.PREPEND;
			default -> null;
		};
	}

	/** {@code md <key> <flags>*}. */
	void delete(McRequest r, McWriter out) {
		MetaFlags f = accepted(r, out, 2, "bCIkOqT", true);
		if (f == null) {
			return;
		}
		Long cas = f.unsigned('C', 0);
		long ttl = f.number('T', 0);
		if (cas == null || ttl == Numbers.INVALID) {
			out.line(f.badToken());
			return;
		}
		ItemStore.CasCheck check = f.has('C') ? ItemStore.CasCheck.of(cas) : null;
		Outcome outcome = f.has('I')
				? this.items.invalidate(f.key, check,
						f.has('T') ? ItemStore.expireAt(ttl, CommandClock.now()) : ItemStore.UNSET)
				: this.items.delete(f.key, check);
		(outcome == Outcome.DONE ? this.stats.deleteHits : this.stats.deleteMisses).increment();
		if (outcome == Outcome.DONE && f.has('q')) {
			return;
		}
		status(out, f, switch (outcome) {
			case DONE -> "HD";
			case EXISTS -> "EX";
			default -> "NF";
		});
	}

	/** A status reply: the code with the key and opaque flags echoed. */
	private static void status(McWriter out, MetaFlags f, String code) {
		out.text(code);
		f.echo(out, "bkO", c -> null);
		out.endLine();
	}

	/** {@code ma <key> <flags>*}: increment or decrement, optionally creating the counter. */
	void arithmetic(McRequest r, McWriter out) {
		MetaFlags f = accepted(r, out, 2, "bCNJDTMqOtcvk", true);
		if (f == null) {
			return;
		}
		Long cas = f.unsigned('C', 0);
		Long delta = f.unsigned('D', 1);
		Long initial = f.unsigned('J', 0);
		long vivify = f.number('N', 0);
		long ttl = f.number('T', 0);
		if (cas == null || delta == null || initial == null || vivify == Numbers.INVALID || ttl == Numbers.INVALID) {
			out.line(f.badToken());
			return;
		}
		Boolean incr = arithmeticMode(f);
		if (incr == null) {
			out.line("CLIENT_ERROR invalid mode for ma M token");
			return;
		}
		long now = CommandClock.now();
		ItemStore.Counter counter = this.items.add(f.key, delta, incr, f.has('C') ? ItemStore.CasCheck.of(cas) : null,
				f.has('N'), initial, ItemStore.expireAt(vivify, now));
		if (counter.outcome() == Outcome.DONE && f.has('T')) {
			this.items.touch(f.key, ItemStore.expireAt(ttl, now));
			counter = new ItemStore.Counter(Outcome.DONE, counter.value(), this.items.peek(f.key));
		}
		boolean hit = counter.outcome() == Outcome.DONE;
		(incr ? (hit ? this.stats.incrHits : this.stats.incrMisses) : (hit ? this.stats.decrHits : this.stats.decrMisses))
			.increment();
		switch (counter.outcome()) {
			case NOT_STORED -> {
				out.line("CLIENT_ERROR cannot increment or decrement non-numeric value");
				return;
			}
			case NOT_FOUND -> {
				status(out, f, "NF");
				return;
			}
			case EXISTS -> {
				status(out, f, "EX");
				return;
			}
			case DONE -> {
			}
		}
		if (!f.has('v') && f.has('q')) {
			return;
		}
		String value = Long.toUnsignedString(counter.value());
		Db.Item item = counter.item();
		out.text(f.has('v') ? "VA " + value.length() : "HD");
		f.echo(out, "bcktO", c -> switch (c) {
			case 'c' -> (item != null) ? Long.toUnsignedString(item.cas()) : "0";
			case 't' -> (item != null) ? Long.toString(ttl(item, now)) : "-1";
			default -> null;
		});
		out.endLine();
		if (f.has('v')) {
			out.line(value);
		}
	}

	private static Boolean arithmeticMode(MetaFlags f) {
		return switch (f.mode()) {
			case 0, 'I', 'i', '+' -> Boolean.TRUE;
			case 'D', 'd', '-' -> Boolean.FALSE;
			default -> null;
		};
	}

	/** {@code me <key>}: what the server knows of an item, for debugging. */
	void debug(McRequest r, McWriter out) {
		if (r.tokenCount() < 2) {
			out.line("ERROR");
			return;
		}
		MetaFlags f = MetaFlags.parse(r, 2, "b", false);
		if (refused(f, out)) {
			return;
		}
		long now = CommandClock.now();
		Db.Item item = this.items.peek(f.key);
		if (item == null) {
			out.line("EN");
			return;
		}
		out.text("ME ").bytes(f.keyToken).text(" exp=").number(ttl(item, now)).text(" la=").number(item.idleSeconds())
			.text(" cas=").unsigned(item.cas()).text(" fetch=").text(item.has(Db.Item.FETCHED) ? "yes" : "no")
			.text(" cls=1 size=").number(item.value().length + f.key.length).endLine();
	}

	/** The request's flags, counted as a meta command; null (the error answered) when refused. */
	private MetaFlags accepted(McRequest r, McWriter out, int firstFlag, String letters, boolean oneFlagError) {
		MetaFlags f = MetaFlags.parse(r, firstFlag, letters, oneFlagError);
		if (refused(f, out)) {
			return null;
		}
		this.stats.cmdMeta.increment();
		return f;
	}

	private static boolean refused(MetaFlags f, McWriter out) {
		if (f.error != null) {
			out.line(f.error);
			return true;
		}
		return false;
	}

	/** Seconds the item has left, -1 for none. */
	private static long ttl(Db.Item item, long now) {
		return (item.expireAt() == 0) ? -1 : Math.max(0, (item.expireAt() - now + 999) / 1000);
	}

}
