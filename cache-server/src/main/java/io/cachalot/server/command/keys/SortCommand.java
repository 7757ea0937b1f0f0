package io.cachalot.server.command.keys;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.store.Db;
import io.cachalot.server.store.WrongTypeException;
import io.cachalot.server.store.type.HashValue;
import io.cachalot.server.store.type.ListValue;
import io.cachalot.server.store.type.SetValue;
import io.cachalot.server.store.type.ZSetValue;
import io.cachalot.server.util.Numbers;

/**
 * SORT and SORT_RO over lists, sets and sorted sets: numeric or ALPHA order, BY and GET
 * patterns ({@code *} replaced by the element, {@code ->field} reading a hash field, {@code #}
 * the element itself), LIMIT, DESC and STORE. Its key specs are unknown (patterns name keys),
 * so the dispatcher runs it with every stripe locked.
 */
public final class SortCommand implements CommandFamily {

	private static final String NOT_DOUBLE = "ERR One or more scores can't be converted into double";

	@Override
	public void register(Binder b) {
		b.handle("sort", ctx -> sort(ctx, false));
		b.handle("sort_ro", ctx -> sort(ctx, true));
	}

	private record Item(byte[] element, byte[] sortKey, double score) {
	}

	private void sort(CommandContext ctx, boolean readOnly) {
		byte[] by = null;
		boolean noSort = false;
		long offset = 0;
		long count = -1;
		boolean desc = false;
		boolean alpha = false;
		byte[] store = null;
		List<byte[]> gets = new ArrayList<>();
		for (int i = 2; i < ctx.argc(); i++) {
			if (ctx.is(i, "ASC")) {
				desc = false;
			}
			else if (ctx.is(i, "DESC")) {
				desc = true;
			}
			else if (ctx.is(i, "ALPHA")) {
				alpha = true;
			}
			else if (ctx.is(i, "LIMIT") && i + 2 < ctx.argc()) {
				offset = ctx.longArg(i + 1);
				count = ctx.longArg(i + 2);
				i += 2;
			}
			else if (!readOnly && ctx.is(i, "STORE") && i + 1 < ctx.argc()) {
				store = ctx.key(++i);
			}
			else if (ctx.is(i, "BY") && i + 1 < ctx.argc()) {
				by = ctx.arg(++i);
				noSort = indexOf(by, (byte) '*') < 0;
			}
			else if (ctx.is(i, "GET") && i + 1 < ctx.argc()) {
				gets.add(ctx.arg(++i));
			}
			else {
				throw CommandException.syntax();
			}
		}
		Db db = ctx.db();
		Object source = db.read(ctx.key(1));
		List<byte[]> elements = new ArrayList<>();
		if (source instanceof ListValue l) {
			elements.addAll(l.range(0, -1));
		}
		else if (source instanceof SetValue s) {
			elements.addAll(s.members());
		}
		else if (source instanceof ZSetValue z) {
			z.entries().forEach(e -> elements.add(e.member()));
		}
		else if (source != null) {
			throw WrongTypeException.INSTANCE;
		}
		if (noSort && !(source instanceof ListValue)) {
			// sets have no order of their own: Redis sorts them ALPHA anyway, for determinism
			noSort = false;
			alpha = true;
			by = null;
		}
		if (noSort && desc) {
			// an unsorted list comes out from the tail with DESC, as Redis reads it
			java.util.Collections.reverse(elements);
		}
		List<Item> items = new ArrayList<>(elements.size());
		for (byte[] element : elements) {
			byte[] sortKey = (by != null && !noSort) ? lookup(db, by, element) : element;
			double score = 0;
			if (!alpha && !noSort && sortKey != null) {
				try {
					score = Numbers.parseDouble(sortKey);
				}
				catch (NumberFormatException ex) {
					throw new CommandException(NOT_DOUBLE);
				}
			}
			items.add(new Item(element, sortKey, score));
		}
		if (!noSort) {
			Comparator<Item> order = alpha ? SortCommand::compareAlpha : SortCommand::compareNumeric;
			items.sort(desc ? order.reversed() : order);
		}
		int from = (int) Math.max(0, Math.min(offset, items.size()));
		int to = (count < 0) ? items.size() : (int) Math.min(items.size(), from + count);
		List<byte[]> out = new ArrayList<>();
		for (Item item : items.subList(from, Math.max(from, to))) {
			if (gets.isEmpty()) {
				out.add(item.element());
			}
			for (byte[] pattern : gets) {
				out.add(lookup(db, pattern, item.element()));
			}
		}
		if (store != null) {
			db.delete(store);
			if (!out.isEmpty()) {
				ListValue list = new ListValue(ctx.server().encodingLimits());
				out.forEach(e -> list.pushRight((e != null) ? e : new byte[0]));
				db.put(store, list, 0);
			}
			ctx.reply().integer(out.size());
			return;
		}
		Reply reply = ctx.reply();
		reply.array(out.size());
		out.forEach(reply::bulk);
	}

	private static int compareNumeric(Item a, Item b) {
		int c = Double.compare(a.score(), b.score());
		if (a.score() == b.score()) {
			c = 0;
		}
		return (c != 0) ? c : Arrays.compareUnsigned(a.element(), b.element());
	}

	private static int compareAlpha(Item a, Item b) {
		if (a.sortKey() == null || b.sortKey() == null) {
			return (a.sortKey() == b.sortKey()) ? 0 : (a.sortKey() == null) ? -1 : 1;
		}
		return Arrays.compareUnsigned(a.sortKey(), b.sortKey());
	}

	/** The value a BY or GET pattern names for {@code element}, or null. */
	private static byte[] lookup(Db db, byte[] pattern, byte[] element) {
		if (pattern.length == 1 && pattern[0] == '#') {
			return element;
		}
		int star = indexOf(pattern, (byte) '*');
		if (star < 0) {
			return null;
		}
		int arrow = -1;
		for (int i = star + 1; i + 2 < pattern.length; i++) {
			if (pattern[i] == '-' && pattern[i + 1] == '>') {
				arrow = i;
				break;
			}
		}
		int keyEnd = (arrow >= 0) ? arrow : pattern.length;
		byte[] key = new byte[keyEnd - 1 + element.length];
		System.arraycopy(pattern, 0, key, 0, star);
		System.arraycopy(element, 0, key, star, element.length);
		System.arraycopy(pattern, star + 1, key, star + element.length, keyEnd - star - 1);
		Object value = db.peek(key);
		if (arrow >= 0) {
			byte[] field = Arrays.copyOfRange(pattern, arrow + 2, pattern.length);
			return (value instanceof HashValue h) ? h.get(field) : null;
		}
		return (value instanceof byte[] s) ? s : null;
	}

	private static int indexOf(byte[] b, byte c) {
		for (int i = 0; i < b.length; i++) {
			if (b[i] == c) {
				return i;
			}
		}
		return -1;
	}

}
