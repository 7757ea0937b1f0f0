package io.cachalot.server.script.lib;

import java.util.function.Function;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/** Small helpers the bundled libraries and the script engine share. */
public final class LuaLibs {

	private LuaLibs() {
	}

	/** A library function from a lambda. */
	public static VarArgFunction function(Function<Varargs, Varargs> body) {
		return new VarArgFunction() {
			@Override
			public Varargs invoke(Varargs args) {
				return body.apply(args);
			}
		};
	}

	/** The bytes of a Lua string (a copy). */
	public static byte[] bytes(LuaString s) {
		byte[] b = new byte[s.m_length];
		System.arraycopy(s.m_bytes, s.m_offset, b, 0, s.m_length);
		return b;
	}

}
