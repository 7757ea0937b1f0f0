package io.cachalot.server.script;

import java.io.ByteArrayInputStream;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

import io.cachalot.server.script.lib.BitLib;
import io.cachalot.server.script.lib.CjsonLib;
import io.cachalot.server.script.lib.CmsgpackLib;
import io.cachalot.server.script.lib.LuaLibs;
import io.cachalot.server.script.lib.StructLib;
import io.cachalot.server.script.lib.StringFormat;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * The Lua environment scripts run in, shaped like Redis 7.0's Lua 5.1: the base, table,
 * string, math and coroutine libraries plus {@code bit}, {@code cjson}, {@code struct},
 * {@code cmsgpack} and {@code redis}; nothing that reaches outside the process (no
 * {@code os}, {@code io}, {@code require}, {@code loadfile}, {@code dofile}, {@code print},
 * no binary chunks). LuaJ implements Lua 5.2, so the 5.1 names scripts use ({@code unpack},
 * {@code loadstring}, {@code table.getn}, {@code math.mod} ...) are added and the 5.2-only
 * ones removed.
 *
 * <p>Once built, the globals table and every library table are read-only: assigning a
 * global fails with "Attempt to modify a readonly table" and reading an undefined one with
 * "Script attempted to access nonexistent global variable", as in Redis, so one script cannot
 * change what the next one sees. The engine sets {@code KEYS} / {@code ARGV} (and swaps the
 * {@code redis} table while a function library loads) through {@link #setProtected}.
 */
final class Sandbox extends Globals {

	static final String READONLY_ERROR = "Attempt to modify a readonly table";

	private boolean frozen;

	private Sandbox() {
	}

	static void checkWritable(boolean frozen) {
		if (frozen) {
			throw new LuaError(READONLY_ERROR);
		}
	}

	/** A sandbox whose {@code redis} global is {@code redisApi}; {@code hook} sees every instruction. */
	static Sandbox create(ScriptHook hook, LuaTable redisApi) {
		Sandbox g = new Sandbox();
		g.load(new BaseLib());
		g.load(new PackageLib());
		g.load(new TableLib());
		g.load(new StringLib());
		g.load(new CoroutineLib());
		g.load(new JseMathLib());
		LuaC.install(g);
		g.debuglib = hook;
		addLua51Names(g);
		for (String removed : new String[] { "dofile", "loadfile", "print", "rawlen", "require", "package", "module" }) {
			g.rawset(removed, LuaValue.NIL);
		}
		g.rawset("bit", BitLib.create());
		g.rawset("cjson", CjsonLib.create());
		g.rawset("struct", StructLib.create());
		g.rawset("cmsgpack", CmsgpackLib.create());
		g.rawset("redis", redisApi);
		g.rawset("_VERSION", LuaValue.valueOf("Lua 5.1"));
		for (String lib : new String[] { "string", "table", "math", "coroutine", "bit", "cjson", "struct", "cmsgpack" }) {
			g.rawset(lib, ReadOnlyTable.copyOf(g.rawget(lib)));
		}
		protectStringMetatable((LuaTable) g.rawget("string"));
		g.rawset("_G", g);
		LuaValue rawset = g.rawget("rawset");
		g.rawset("rawset", new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				rejectReadOnly(args.arg1());
				return rawset.invoke(args);
			}
		});
		LuaValue setmetatable = g.rawget("setmetatable");
		g.rawset("setmetatable", new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				rejectReadOnly(args.arg1());
				return setmetatable.invoke(args);
			}
		});
		g.rawset("__redis__err__handler", unary(err -> {
			if (err.istable()) {
				return err;
			}
			return LuaValue.tableOf(new LuaValue[] { LuaValue.valueOf("err"), LuaValue.valueOf("ERR " + err.tojstring()) });
		}));
		g.setmetatable(missingNameErrors());
		g.frozen = true;
		return g;
	}

	/** A metatable under which reading a missing name fails with Redis's error. */
	static LuaTable missingNameErrors() {
		LuaTable meta = new LuaTable();
		meta.rawset(LuaValue.INDEX, binary((table, name) -> {
			throw new LuaError("Script attempted to access nonexistent global variable '" + name.tojstring() + "'");
		}));
		return meta;
	}

	/** rawset / setmetatable on a protected table: Redis's error, without a script position. */
	private static void rejectReadOnly(LuaValue target) {
		if ((target instanceof Sandbox s && s.frozen) || target instanceof ReadOnlyTable) {
			throw new UnplacedLuaError(READONLY_ERROR);
		}
	}

	/** Sets a global past the read-only protection (KEYS, ARGV, the redis table). */
	void setProtected(String name, LuaValue value) {
		boolean was = this.frozen;
		this.frozen = false;
		try {
			super.rawset(LuaValue.valueOf(name), value);
		}
		finally {
			this.frozen = was;
		}
	}

	/** Compiles Lua source text (never a binary chunk) in this sandbox. */
	LuaValue compile(byte[] source, String chunkName) {
		return load(new ByteArrayInputStream(source), chunkName, "t", this);
	}

	@Override
	public void rawset(int key, LuaValue value) {
		checkWritable(this.frozen);
		super.rawset(key, value);
	}

	@Override
	public void rawset(LuaValue key, LuaValue value) {
		checkWritable(this.frozen);
		super.rawset(key, value);
	}

	@Override
	public LuaValue setmetatable(LuaValue metatable) {
		checkWritable(this.frozen);
		return super.setmetatable(metatable);
	}

	/** Strings index the read-only string table; their metatable itself cannot be changed. */
	private static synchronized void protectStringMetatable(LuaTable stringLib) {
		if (LuaString.s_metatable instanceof ReadOnlyTable) {
			return;
		}
		LuaTable meta = new LuaTable();
		meta.rawset(LuaValue.INDEX, stringLib);
		LuaString.s_metatable = ReadOnlyTable.copyOf(meta);
	}

	private static void addLua51Names(Sandbox g) {
		LuaTable table = (LuaTable) g.rawget("table");
		LuaTable string = (LuaTable) g.rawget("string");
		LuaTable math = (LuaTable) g.rawget("math");
		g.rawset("unpack", table.rawget("unpack"));
		table.rawset("unpack", LuaValue.NIL);
		table.rawset("pack", LuaValue.NIL);
		LuaValue load51 = new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				LuaValue chunk = args.arg1();
				String name = args.optjstring(2, chunk.isstring() ? chunk.tojstring() : "=(load)");
				try {
					if (chunk.isstring()) {
						return g.load(chunk.strvalue().toInputStream(), name, "t", g);
					}
					return g.load(new ByteArrayInputStream(readChunkPieces(chunk.checkfunction())), name, "t", g);
				}
				catch (LuaError ex) {
					return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(ex.getMessage()));
				}
			}
		};
		g.rawset("load", load51);
		g.rawset("loadstring", load51);
		g.rawset("gcinfo", new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				Runtime rt = Runtime.getRuntime();
				return LuaValue.valueOf((int) ((rt.totalMemory() - rt.freeMemory()) / 1024));
			}
		});
		table.rawset("getn", unary(t -> LuaValue.valueOf(t.checktable().length())));
		table.rawset("setn", unary(t -> {
			throw new LuaError("'setn' is obsolete");
		}));
		table.rawset("maxn", unary(t -> {
			double max = 0;
			LuaValue k = LuaValue.NIL;
			while (!(k = t.checktable().next(k).arg1()).isnil()) {
				if (k.isnumber() && k.todouble() > max) {
					max = k.todouble();
				}
			}
			return LuaValue.valueOf(max);
		}));
		table.rawset("foreach", binary((t, f) -> {
			LuaValue k = LuaValue.NIL;
			while (true) {
				Varargs next = t.checktable().next(k);
				if ((k = next.arg1()).isnil()) {
					return LuaValue.NIL;
				}
				LuaValue r = f.call(k, next.arg(2));
				if (!r.isnil()) {
					return r;
				}
			}
		}));
		table.rawset("foreachi", binary((t, f) -> {
			int n = t.checktable().length();
			for (int i = 1; i <= n; i++) {
				LuaValue r = f.call(LuaValue.valueOf(i), t.get(i));
				if (!r.isnil()) {
					return r;
				}
			}
			return LuaValue.NIL;
		}));
		string.rawset("gfind", string.rawget("gmatch"));
		string.rawset("format", new StringFormat());
		math.rawset("mod", math.rawget("fmod"));
		math.rawset("log10", unary(x -> LuaValue.valueOf(Math.log10(x.checkdouble()))));
	}

	/** Concatenates the pieces a 5.1 {@code load(func)} reader function returns. */
	private static byte[] readChunkPieces(LuaValue reader) {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		while (true) {
			LuaValue piece = reader.call();
			if (piece.isnil() || (piece.isstring() && piece.length() == 0)) {
				return out.toByteArray();
			}
			LuaString s = piece.checkstring();
			out.write(s.m_bytes, s.m_offset, s.m_length);
		}
	}

	private static LuaFunction unary(UnaryOperator<LuaValue> body) {
		return LuaLibs.function(args -> body.apply(args.arg1()));
	}

	private static LuaFunction binary(BinaryOperator<LuaValue> body) {
		return LuaLibs.function(args -> body.apply(args.arg1(), args.arg(2)));
	}

}
