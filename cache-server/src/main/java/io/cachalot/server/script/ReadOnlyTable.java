package io.cachalot.server.script;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A Lua table scripts cannot change once it is {@link #freeze() frozen}: the library tables
 * ({@code string}, {@code redis}, {@code cjson} ...) that every script shares, so no script can
 * leave a trap for the next one (Redis 7's read-only tables). Writes fail with Redis's error.
 */
final class ReadOnlyTable extends LuaTable {

	private boolean frozen;

	/** A frozen copy of {@code source}'s entries. */
	static ReadOnlyTable copyOf(LuaValue source) {
		return copyOf(source, null);
	}

	/** A frozen copy of {@code source}'s entries with the given metatable (or none). */
	static ReadOnlyTable copyOf(LuaValue source, LuaTable metatable) {
		ReadOnlyTable copy = new ReadOnlyTable();
		if (metatable != null) {
			copy.setmetatable(metatable);
		}
		LuaValue k = LuaValue.NIL;
		while (true) {
			org.luaj.vm2.Varargs next = source.next(k);
			if ((k = next.arg1()).isnil()) {
				break;
			}
			copy.rawset(k, next.arg(2));
		}
		copy.freeze();
		return copy;
	}

	void freeze() {
		this.frozen = true;
	}

	@Override
	public void rawset(int key, LuaValue value) {
		Sandbox.checkWritable(this.frozen);
		super.rawset(key, value);
	}

	@Override
	public void rawset(LuaValue key, LuaValue value) {
		Sandbox.checkWritable(this.frozen);
		super.rawset(key, value);
	}

	@Override
	public LuaValue setmetatable(LuaValue metatable) {
		Sandbox.checkWritable(this.frozen);
		return super.setmetatable(metatable);
	}

}
