package io.cachalot.server.script;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * LuaJ calls its debug library on every instruction, call and return; this stand-in (the
 * {@code debug} table is not given to scripts) does two cheap things there instead:
 * remembers where the script is — the position Redis puts in error messages ("on
 * {@code @user_script:3}") — and, every 1024 instructions, asks the engine whether the script
 * must stop (SCRIPT KILL, FUNCTION KILL, a load timeout). Once stopped, every later
 * instruction throws again, so a {@code pcall} cannot swallow the kill.
 */
final class ScriptHook extends DebugLib {

	/** Why a running script must end; null while it may go on. */
	interface Stopper {

		String stopReason();

	}

	private final Stopper stopper;

	private int ticks;

	/** The Lua functions being run, innermost last (null for a Java function such as pcall). */
	private LuaClosure[] frames = new LuaClosure[32];

	private int depth;

	/** The function and instruction that ran last. */
	private LuaClosure lastClosure;

	private int lastPc;

	ScriptHook(Stopper stopper) {
		this.stopper = stopper;
	}

	@Override
	public void onCall(LuaFunction f) {
		push(null);
	}

	@Override
	public void onCall(LuaClosure c, Varargs varargs, org.luaj.vm2.LuaValue[] stack) {
		push(c);
	}

	private void push(LuaClosure c) {
		if (this.depth == this.frames.length) {
			this.frames = java.util.Arrays.copyOf(this.frames, this.depth * 2);
		}
		this.frames[this.depth++] = c;
	}

	@Override
	public void onReturn() {
		if (this.depth > 0) {
			this.frames[--this.depth] = null;
		}
	}

	@Override
	public void onInstruction(int pc, Varargs v, int top) {
		this.lastPc = pc;
		if (this.depth > 0 && this.frames[this.depth - 1] != null) {
			this.lastClosure = this.frames[this.depth - 1];
		}
		if ((++this.ticks & 1023) == 0) {
			String reason = this.stopper.stopReason();
			if (reason != null) {
				throw new ScriptStopped(reason);
			}
		}
	}

	@Override
	public String traceback(int level) {
		return "";
	}

	/** Forgets the position of the last run. */
	void reset() {
		java.util.Arrays.fill(this.frames, 0, this.depth, null);
		this.depth = 0;
		this.lastClosure = null;
		this.lastPc = 0;
		this.ticks = 0;
	}

	/** The chunk name (without {@code @}) of the code that ran last, e.g. {@code user_script}. */
	String source() {
		LuaClosure c = this.lastClosure;
		if (c == null || c.p.source == null) {
			return "?";
		}
		String s = c.p.source.tojstring();
		return s.startsWith("@") || s.startsWith("=") ? s.substring(1) : s;
	}

	/** The line of the instruction that ran last. */
	int line() {
		LuaClosure c = this.lastClosure;
		if (c == null) {
			return 0;
		}
		Prototype p = c.p;
		return (p.lineinfo != null && this.lastPc >= 0 && this.lastPc < p.lineinfo.length) ? p.lineinfo[this.lastPc] : 0;
	}

	/** The error that ends a stopped script; it is not a Lua value a script could inspect. */
	static final class ScriptStopped extends UnplacedLuaError {

		private static final long serialVersionUID = 1L;

		ScriptStopped(String message) {
			super(message);
		}

	}

}
