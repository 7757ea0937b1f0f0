package io.cachalot.server.script;

import org.luaj.vm2.LuaError;

/**
 * A Lua error whose message Redis shows without a "user_script:N:" position (a killed
 * script, a write to a read-only table through {@code rawset}): LuaJ adds no position to an
 * error that already has its final text.
 */
class UnplacedLuaError extends LuaError {

	private static final long serialVersionUID = 1L;

	UnplacedLuaError(String message) {
		super(message);
		this.traceback = message;
	}

}
