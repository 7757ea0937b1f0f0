package io.cachalot.server.command.stream;

import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.store.CommandClock;
import io.cachalot.server.store.Db;
import io.cachalot.server.store.type.StreamValue;
import io.cachalot.server.store.type.StreamValue.Entry;
import io.cachalot.server.store.type.StreamValue.Id;

/** Stream commands without consumer groups: XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XREAD, XSETID. */
public final class StreamCommands implements CommandFamily {

	static final String INVALID_ID = "ERR Invalid stream ID specified as stream command argument";

	@Override
	public void register(Binder b) {
		b.handle("xadd", this::xadd);
		b.handle("xlen", ctx -> {
			StreamValue s = ctx.db().readTyped(ctx.key(1), StreamValue.class);
			ctx.reply().integer((s != null) ? s.length() : 0);
		});
		b.handle("xrange", ctx -> range(ctx, false));
		b.handle("xrevrange", ctx -> range(ctx, true));
		b.handle("xdel", this::xdel);
		b.handle("xtrim", this::xtrim);
		b.handle("xread", this::xread);
		b.handle("xsetid", this::xsetid);
	}

	/** Parses an ID: "ms-seq", "ms" (seq = {@code missingSeq}), and when not strict "-" and "+". */
	static Id parseId(byte[] text, long missingSeq, boolean strict) {
		String s = new String(text, java.nio.charset.StandardCharsets.US_ASCII);
		if (!strict && s.equals("-")) {
			return Id.MIN;
		}
		if (!strict && s.equals("+")) {
			return Id.MAX;
		}
		try {
			int dash = s.indexOf('-');
			if (dash < 0) {
				return new Id(parseUnsigned(s), missingSeq);
			}
			return new Id(parseUnsigned(s.substring(0, dash)), parseUnsigned(s.substring(dash + 1)));
		}
		catch (NumberFormatException ex) {
			throw new CommandException(INVALID_ID);
		}
	}

	private static long parseUnsigned(String s) {
		if (s.isEmpty() || s.charAt(0) == '+' || s.charAt(0) == '-') {
			throw new NumberFormatException();
		}
		return Long.parseUnsignedLong(s);
	}

	static void writeId(Reply reply, Id id) {
		reply.bulk(id.toString());
	}

	/** Entries as [id, [field, value ...]]; an entry without fields (deleted, still pending) as [id, nil]. */
	static void writeEntries(Reply reply, List<Entry> entries) {
		reply.array(entries.size());
		for (Entry e : entries) {
			reply.array(2);
			writeId(reply, e.id());
			if (e.fieldsAndValues() == null) {
				reply.nullArray();
				continue;
			}
			reply.array(e.fieldsAndValues().length);
			for (byte[] b : e.fieldsAndValues()) {
				reply.bulk(b);
			}
		}
	}

	/** XREAD / XREADGROUP's reply: a map (RESP3) or array of [key, entries] per key. */
	static void writeEntriesByKey(Reply reply, List<byte[]> keys, List<List<Entry>> entries) {
		if (reply.protocol() == 3) {
			reply.map(keys.size());
		}
		else {
			reply.array(keys.size());
		}
		for (int k = 0; k < keys.size(); k++) {
			if (reply.protocol() != 3) {
				reply.array(2);
			}
			reply.bulk(keys.get(k));
			writeEntries(reply, entries.get(k));
		}
	}

	/** MAXLEN / MINID trimming options of XADD and XTRIM. */
	private static final class Trim {

		boolean given;

		boolean byMinId;

		long maxLen;

		Id minId;

		boolean approximate;

		long limit;

		boolean limitGiven;

	}

	/**
	 * Parses options from {@code from}; for XADD stops at the ID (returns its index), for
	 * XTRIM consumes everything (returns argc).
	 */
	private static int parseOptions(CommandContext ctx, int from, boolean xadd, Trim trim, boolean[] noMkStream) {
		int i = from;
		for (; i < ctx.argc(); i++) {
			int more = ctx.argc() - 1 - i;
			if (xadd && ctx.is(i, "*")) {
				break;
			}
			boolean maxlen = ctx.is(i, "MAXLEN");
			if ((maxlen || ctx.is(i, "MINID")) && more > 0) {
				if (trim.given) {
					throw new CommandException("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
				}
				trim.approximate = false;
				if (more >= 2 && ctx.is(i + 1, "~")) {
					trim.approximate = true;
					i++;
				}
				else if (more >= 2 && ctx.is(i + 1, "=")) {
					i++;
				}
				if (maxlen) {
					trim.maxLen = ctx.longArg(i + 1);
					if (trim.maxLen < 0) {
						throw new CommandException("ERR The MAXLEN argument must be >= 0.");
					}
				}
				else {
					trim.minId = parseId(ctx.arg(i + 1), 0, true);
					trim.byMinId = true;
				}
				i++;
				trim.given = true;
			}
			else if (ctx.is(i, "LIMIT") && more > 0) {
				trim.limit = ctx.longArg(i + 1);
				if (trim.limit < 0) {
					throw new CommandException("ERR The LIMIT argument must be >= 0.");
				}
				trim.limitGiven = true;
				i++;
			}
			else if (xadd && ctx.is(i, "NOMKSTREAM")) {
				noMkStream[0] = true;
			}
			else if (xadd) {
				break;
			}
			else {
				throw CommandException.syntax();
			}
		}
		if (trim.limit > 0 && !trim.given) {
			throw new CommandException("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
		}
		if (!xadd && !trim.given) {
			throw new CommandException("ERR syntax error, XTRIM must be called with a trimming strategy");
		}
		if (trim.approximate) {
			if (!trim.limitGiven) {
				trim.limit = 100L * StreamValue.NODE_MAX_ENTRIES;
			}
		}
		else if (trim.limitGiven) {
			throw new CommandException("ERR syntax error, LIMIT cannot be used without the special ~ option");
		}
		return i;
	}

	private static long applyTrim(StreamValue s, Trim trim) {
		if (!trim.given) {
			return 0;
		}
		return s.trim(trim.byMinId ? 0 : trim.maxLen, trim.byMinId ? trim.minId : null, trim.approximate,
				trim.approximate ? trim.limit : 0);
	}

	private void xadd(CommandContext ctx) {
		Trim trim = new Trim();
		boolean[] noMkStream = new boolean[1];
		int idIndex = parseOptions(ctx, 2, true, trim, noMkStream);
		if (idIndex >= ctx.argc()) {
			throw ctx.wrongArity();
		}
		// the ID: "*", "ms-*", "ms" or "ms-seq"
		byte[] idText = ctx.arg(idIndex);
		String idString = new String(idText, java.nio.charset.StandardCharsets.US_ASCII);
		boolean auto = idString.equals("*");
		boolean seqAuto = !auto && idString.endsWith("-*");
		Id explicit = null;
		if (!auto) {
			explicit = seqAuto ? new Id(parseMs(idString.substring(0, idString.length() - 2)), 0)
					: parseId(idText, 0, true);
			if (!seqAuto && explicit.ms() == 0 && explicit.seq() == 0) {
				throw new CommandException("ERR The ID specified in XADD must be greater than 0-0");
			}
		}
		int fields = ctx.argc() - idIndex - 1;
		if (fields == 0 || fields % 2 != 0) {
			throw ctx.wrongArity();
		}
		Db db = ctx.db();
		byte[] key = ctx.key(1);
		if (noMkStream[0] && db.readTyped(key, StreamValue.class) == null) {
			ctx.reply().nullBulk();
			return;
		}
		Id requested = explicit;
		Id added = db.update(key, StreamValue.class, StreamValue::new, s -> {
			Id last = s.lastId();
			Id id;
			if (auto) {
				long ms = Math.max(CommandClock.now(), last.ms());
				id = (Long.compareUnsigned(ms, last.ms()) == 0) ? last.next() : new Id(ms, 0);
				if (id == null) {
					throw new CommandException("ERR The stream has exhausted the last possible ID, unable to add more items");
				}
			}
			else if (seqAuto) {
				int c = Long.compareUnsigned(requested.ms(), last.ms());
				if (c < 0 || (c == 0 && last.seq() == -1)) {
					throw new CommandException("ERR The ID specified in XADD is equal or smaller than the target stream top item");
				}
				id = (c == 0) ? new Id(last.ms(), last.seq() + 1) : new Id(requested.ms(), 0);
			}
			else {
				if (requested.compareTo(last) <= 0) {
					throw new CommandException("ERR The ID specified in XADD is equal or smaller than the target stream top item");
				}
				id = requested;
			}
			byte[][] fv = new byte[fields][];
			for (int f = 0; f < fields; f++) {
				fv[f] = ctx.arg(idIndex + 1 + f);
			}
			s.append(id, fv);
			if (applyTrim(s, trim) > 0) {
				ctx.server().notifier().follow('t', "xtrim", ctx.session().db(), key);
			}
			return id;
		});
		writeId(ctx.reply(), added);
	}

	private static long parseMs(String s) {
		try {
			return parseUnsigned(s);
		}
		catch (NumberFormatException ex) {
			throw new CommandException(INVALID_ID);
		}
	}

	private void range(CommandContext ctx, boolean reverse) {
		byte[] startArg = ctx.arg(reverse ? 3 : 2);
		byte[] endArg = ctx.arg(reverse ? 2 : 3);
		Id start = intervalId(startArg, 0, true);
		Id end = intervalId(endArg, -1, false);
		long count = -1;
		if (ctx.argc() > 4) {
			if (ctx.argc() == 6 && ctx.is(4, "COUNT")) {
				count = Math.max(0, ctx.longArg(5));
			}
			else {
				throw CommandException.syntax();
			}
		}
		if (count == 0) {
			ctx.reply().nullArray();
			return;
		}
		StreamValue s = ctx.db().readTyped(ctx.key(1), StreamValue.class);
		List<Entry> entries = (s == null) ? List.of() : s.range(start, end, reverse, count);
		writeEntries(ctx.reply(), entries);
	}

	/** An interval bound: "-", "+", an ID, or "(" and an ID for an exclusive bound. */
	private static Id intervalId(byte[] text, long missingSeq, boolean isStart) {
		if (text.length > 1 && text[0] == '(') {
			Id id = parseId(java.util.Arrays.copyOfRange(text, 1, text.length), missingSeq, true);
			Id moved = isStart ? id.next() : id.previous();
			if (moved == null) {
				throw new CommandException("ERR invalid " + (isStart ? "start" : "end") + " ID for the interval");
			}
			return moved;
		}
		return parseId(text, missingSeq, false);
	}

	private void xdel(CommandContext ctx) {
		List<Id> ids = new ArrayList<>();
		for (int i = 2; i < ctx.argc(); i++) {
			ids.add(parseId(ctx.arg(i), 0, true));
		}
		long deleted = ctx.db().update(ctx.key(1), StreamValue.class, null, s -> {
			long n = 0;
			for (Id id : ids) {
				n += (s != null && s.delete(id)) ? 1 : 0;
			}
			return n;
		});
		ctx.reply().integer(deleted);
	}

	private void xtrim(CommandContext ctx) {
		Trim trim = new Trim();
		parseOptions(ctx, 2, false, trim, new boolean[1]);
		long removed = ctx.db().update(ctx.key(1), StreamValue.class, null, s -> (s == null) ? 0L : applyTrim(s, trim));
		ctx.reply().integer(removed);
	}

	private void xsetid(CommandContext ctx) {
		Id id = parseId(ctx.arg(2), 0, true);
		long entriesAdded = -1;
		Id maxDeleted = null;
		for (int i = 3; i < ctx.argc(); i++) {
			if (ctx.is(i, "ENTRIESADDED") && i + 1 < ctx.argc()) {
				entriesAdded = ctx.longArg(++i);
				if (entriesAdded < 0) {
					throw new CommandException("ERR entries_added must be positive");
				}
			}
			else if (ctx.is(i, "MAXDELETEDID") && i + 1 < ctx.argc()) {
				maxDeleted = parseId(ctx.arg(++i), 0, true);
				if (id.compareTo(maxDeleted) < 0) {
					throw new CommandException("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
				}
			}
			else {
				throw CommandException.syntax();
			}
		}
		long added = entriesAdded;
		Id deleted = maxDeleted;
		ctx.db().update(ctx.key(1), StreamValue.class, null, s -> {
			if (s == null) {
				throw new CommandException("ERR no such key");
			}
			if (added >= 0 && s.length() > added) {
				throw new CommandException("ERR The entries_added specified in XSETID is smaller than the target stream length");
			}
			Entry top = s.lastEntry();
			if (top != null && id.compareTo(top.id()) < 0) {
				throw new CommandException("ERR The ID specified in XSETID is smaller than the target stream top item");
			}
			s.setLastId(id, added, deleted);
			return null;
		});
		ctx.reply().ok();
	}

	/** The milliseconds of XREAD / XREADGROUP BLOCK at argument {@code i}, with Redis's errors. */
	static long blockMillis(CommandContext ctx, int i) {
		long block;
		try {
			block = ctx.args().longValue(i);
		}
		catch (NumberFormatException ex) {
			throw new CommandException("ERR timeout is not an integer or out of range");
		}
		if (block < 0) {
			throw new CommandException("ERR timeout is negative");
		}
		return block;
	}

	private void xread(CommandContext ctx) {
		long count = 0;
		long block = -1;
		int streams = -1;
		for (int i = 1; i < ctx.argc(); i++) {
			int more = ctx.argc() - 1 - i;
			if (ctx.is(i, "BLOCK") && more > 0) {
				block = StreamCommands.blockMillis(ctx, ++i);
			}
			else if (ctx.is(i, "COUNT") && more > 0) {
				count = Math.max(0, ctx.longArg(++i));
			}
			else if (ctx.is(i, "STREAMS") && more > 0) {
				streams = i;
				break;
			}
			else {
				throw CommandException.syntax();
			}
		}
		if (streams < 0) {
			throw CommandException.syntax();
		}
		int remaining = ctx.argc() - streams - 1;
		if (remaining % 2 != 0) {
			throw new CommandException("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
		}
		int n = remaining / 2;
		Db db = ctx.db();
		@SuppressWarnings("unchecked")
		List<Id> resolved = (ctx.session().blockState() instanceof List<?> l) ? (List<Id>) l : null;
		List<Id> after = new ArrayList<>();
		List<byte[]> keys = new ArrayList<>();
		for (int k = 0; k < n; k++) {
			byte[] key = ctx.key(streams + 1 + k);
			keys.add(key);
			StreamValue s = db.readTyped(key, StreamValue.class);
			byte[] idArg = ctx.arg(streams + 1 + n + k);
			if (resolved != null) {
				after.add(resolved.get(k));
			}
			else if (idArg.length == 1 && idArg[0] == '$') {
				after.add((s != null) ? s.lastId() : Id.MIN);
			}
			else {
				after.add(parseId(idArg, 0, true));
			}
		}
		List<byte[]> hitKeys = new ArrayList<>();
		List<List<Entry>> hits = new ArrayList<>();
		for (int k = 0; k < n; k++) {
			StreamValue s = db.readTyped(keys.get(k), StreamValue.class);
			Id from = after.get(k).next();
			if (s == null || from == null) {
				continue;
			}
			List<Entry> entries = s.range(from, Id.MAX, false, (count > 0) ? count : -1);
			if (!entries.isEmpty()) {
				hitKeys.add(keys.get(k));
				hits.add(entries);
			}
		}
		if (hits.isEmpty()) {
			if (block >= 0) {
				ctx.session().blockState(after);
			}
			ctx.blockOrReplyNull(keys, block, true);
			return;
		}
		writeEntriesByKey(ctx.reply(), hitKeys, hits);
	}

}
