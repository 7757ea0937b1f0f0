package io.cachalot.server.script;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.util.Doubles;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The {@link Reply} a command called by {@code redis.call} writes into: it builds the Lua value
 * the script receives, by Redis's conversion rules for the protocol the script chose with
 * {@code redis.setresp} (2 by default). Integers become numbers, bulk strings strings, status
 * and error replies tables with an {@code ok} / {@code err} field, arrays tables, and a null
 * {@code false} (RESP2) or {@code nil} (RESP3). RESP3 maps, sets, doubles, booleans, big
 * numbers and verbatim strings become {@code {map=...}}, {@code {set=...}},
 * {@code {double=...}}, booleans, {@code {big_number=...}} and {@code {verbatim_string=...}};
 * under RESP2 they arrive as the command would send them to a RESP2 client.
 */
final class RespToLua implements Reply {

	private static final LuaValue OK = LuaValue.valueOf("ok");

	private static final LuaValue ERR = LuaValue.valueOf("err");

	/** An aggregate being filled: its Lua table, what kind, and how many items remain. */
	private static final class Open {

		final LuaTable table;

		final LuaTable target;

		final char kind;

		int remaining;

		int next = 1;

		LuaValue pendingKey;

		Open(LuaTable table, LuaTable target, char kind, int remaining) {
			this.table = table;
			this.target = target;
			this.kind = kind;
			this.remaining = remaining;
		}

	}

	private final int protocol;

	private final ArrayDeque<Open> open = new ArrayDeque<>();

	private LuaValue result;

	private boolean complete;

	private String error;

	RespToLua(int protocol) {
		this.protocol = protocol;
	}

	/** The converted reply. */
	LuaValue result() {
		return this.result;
	}

	/** The top-level error text, when the command failed; null otherwise. */
	String error() {
		return this.error;
	}

	@Override
	public int protocol() {
		return this.protocol;
	}

	@Override
	public void ok() {
		simple("OK");
	}

	@Override
	public void simple(String text) {
		add(LuaValue.tableOf(new LuaValue[] { OK, LuaValue.valueOf(text) }));
	}

	@Override
	public void error(String text) {
		if (this.open.isEmpty()) {
			this.error = text;
		}
		add(LuaValue.tableOf(new LuaValue[] { ERR, LuaValue.valueOf(text) }));
	}

	@Override
	public void integer(long value) {
		add(LuaValue.valueOf((double) value));
	}

	@Override
	public void bulk(byte[] value) {
		if (value == null) {
			nullBulk();
			return;
		}
		add(LuaValue.valueOf(value));
	}

	@Override
	public void bulk(String value) {
		if (value == null) {
			nullBulk();
			return;
		}
		add(LuaValue.valueOf(value.getBytes(StandardCharsets.UTF_8)));
	}

	@Override
	public void nullBulk() {
		add(this.protocol == 2 ? LuaValue.FALSE : LuaValue.NIL);
	}

	@Override
	public void nullArray() {
		nullBulk();
	}

	@Override
	public void array(int length) {
		aggregate('a', length, null);
	}

	@Override
	public void push(int length) {
		array(length);
	}

	@Override
	public void map(int entries) {
		if (this.protocol == 2) {
			aggregate('a', entries * 2, null);
		}
		else {
			aggregate('m', entries * 2, "map");
		}
	}

	@Override
	public void set(int length) {
		aggregate(this.protocol == 2 ? 'a' : 's', length, this.protocol == 2 ? null : "set");
	}

	@Override
	public void doubleValue(double value) {
		if (this.protocol == 2) {
			bulk(Doubles.format17g(value));
		}
		else {
			add(LuaValue.tableOf(new LuaValue[] { LuaValue.valueOf("double"), LuaValue.valueOf(value) }));
		}
	}

	@Override
	public void bool(boolean value) {
		if (this.protocol == 2) {
			integer(value ? 1 : 0);
		}
		else {
			add(LuaValue.valueOf(value));
		}
	}

	@Override
	public void bigNumber(String digits) {
		if (this.protocol == 2) {
			bulk(digits);
		}
		else {
			add(LuaValue.tableOf(new LuaValue[] { LuaValue.valueOf("big_number"), LuaValue.valueOf(digits) }));
		}
	}

	@Override
	public void verbatim(String text) {
		if (this.protocol == 2) {
			bulk(text);
		}
		else {
			LuaTable inner = LuaValue.tableOf(new LuaValue[] { LuaValue.valueOf("format"), LuaValue.valueOf("txt"),
					LuaValue.valueOf("string"), LuaValue.valueOf(text.getBytes(StandardCharsets.UTF_8)) });
			add(LuaValue.tableOf(new LuaValue[] { LuaValue.valueOf("verbatim_string"), inner }));
		}
	}

	/** Starts an aggregate: for a RESP3 map or set, the items go into an inner table under {@code field}. */
	private void aggregate(char kind, int items, String field) {
		LuaTable target = new LuaTable();
		LuaTable table = target;
		if (field != null) {
			table = LuaValue.tableOf(new LuaValue[] { LuaValue.valueOf(field), target });
		}
		if (items == 0) {
			add(table);
			return;
		}
		// the table is added to its parent once complete, so counting stays with the parent
		this.open.push(new Open(table, target, kind, items));
	}

	private void add(LuaValue value) {
		Open top = this.open.peek();
		if (top == null) {
			this.result = value;
			this.complete = true;
			return;
		}
		switch (top.kind) {
			case 'm' -> {
				if (top.pendingKey == null) {
					top.pendingKey = value.isnil() ? LuaValue.FALSE : value;
				}
				else {
					top.target.rawset(top.pendingKey, value);
					top.pendingKey = null;
				}
			}
			case 's' -> top.target.rawset(value.isnil() ? LuaValue.FALSE : value, LuaValue.TRUE);
			default -> {
				if (!value.isnil()) {
					top.target.rawset(top.next, value);
				}
				top.next++;
			}
		}
		if (--top.remaining == 0) {
			this.open.pop();
			add(top.table);
		}
	}

	/** Whether a whole reply has been written. */
	boolean isComplete() {
		return this.complete;
	}

}
