package io.cachalot.server.script;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.cachalot.server.ServerInfo;
import io.cachalot.server.script.lib.LuaLibs;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The {@code redis} table scripts see: {@code call} / {@code pcall} (the engine runs the
 * command), {@code error_reply}, {@code status_reply}, {@code sha1hex}, {@code log} and its
 * levels, {@code setresp}, the replication switches of Redis 7 (accepted, as effects
 * replication is the only mode), {@code breakpoint} / {@code debug} (no debugger: they do
 * nothing) and the version constants. Function libraries load with a smaller table that
 * adds {@code register_function} ({@link #forLoading}).
 */
final class RedisApi {

	/** What the API needs from the engine. */
	interface Host {

		/** Runs a command for {@code redis.call} ({@code raise}) or {@code redis.pcall}. */
		LuaValue call(Varargs args, boolean raise);

		void setResp(int protocol);

		/** An error raised at the script's current position (see {@link ScriptEngine}). */
		LuaError error(String message);

	}

	static final System.Logger LOG = System.getLogger("io.cachalot.server.script.lua");

	private RedisApi() {
	}

	/** The full API, for scripts and function bodies. */
	static LuaTable create(Host host) {
		LuaTable redis = base(host);
		redis.rawset("call", LuaLibs.function(args -> host.call(args, true)));
		redis.rawset("pcall", LuaLibs.function(args -> host.call(args, false)));
		redis.rawset("setresp", LuaLibs.function(args -> {
			int resp = args.arg1().isnumber() ? args.arg1().toint() : -1;
			if (args.narg() != 1) {
				throw host.error("ERR redis.setresp() requires one argument.");
			}
			if (resp != 2 && resp != 3) {
				throw host.error("ERR RESP version must be 2 or 3.");
			}
			host.setResp(resp);
			return LuaValue.NIL;
		}));
		redis.rawset("set_repl", LuaLibs.function(args -> {
			if (args.narg() != 1 || !args.arg1().isnumber()) {
				throw host.error("ERR redis.set_repl() requires one argument.");
			}
			int flags = args.arg1().toint();
			if ((flags & ~3) != 0) {
				throw host.error("ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
			}
			return LuaValue.NIL;
		}));
		redis.rawset("replicate_commands", LuaLibs.function(args -> LuaValue.TRUE));
		redis.rawset("breakpoint", LuaLibs.function(args -> LuaValue.FALSE));
		redis.rawset("debug", LuaLibs.function(args -> LuaValue.NIL));
		redis.rawset("acl_check_cmd", LuaLibs.function(args -> {
			if (args.narg() == 0) {
				throw host.error("ERR Please specify at least one argument for this redis lib call");
			}
			return LuaValue.TRUE;
		}));
		redis.rawset("REPL_NONE", 0);
		redis.rawset("REPL_AOF", 1);
		redis.rawset("REPL_SLAVE", 2);
		redis.rawset("REPL_REPLICA", 2);
		redis.rawset("REPL_ALL", 3);
		return ReadOnlyTable.copyOf(redis);
	}

	/** What a function library sees while it loads: it can register functions and log, nothing else. */
	static LuaTable forLoading(Host host, LuaFunction registerFunction) {
		LuaTable redis = base(host);
		redis.rawset("register_function", registerFunction);
		return ReadOnlyTable.copyOf(redis, Sandbox.missingNameErrors());
	}

	private static LuaTable base(Host host) {
		LuaTable redis = new LuaTable();
		redis.rawset("error_reply", LuaLibs.function(args -> {
			if (args.narg() != 1 || !args.arg1().isstring()) {
				throw host.error("ERR wrong number or type of arguments");
			}
			return errorTable(args.arg1().tojstring());
		}));
		redis.rawset("status_reply", LuaLibs.function(args -> {
			if (args.narg() != 1 || !args.arg1().isstring()) {
				throw host.error("ERR wrong number or type of arguments");
			}
			return LuaValue.tableOf(new LuaValue[] { LuaValue.valueOf("ok"), args.arg1() });
		}));
		redis.rawset("sha1hex", LuaLibs.function(args -> {
			if (args.narg() != 1) {
				throw host.error("ERR wrong number of arguments");
			}
			return LuaValue.valueOf(sha1hex(LuaLibs.bytes(args.arg1().checkstring())));
		}));
		redis.rawset("log", LuaLibs.function(args -> {
			if (args.narg() < 2) {
				throw host.error("ERR redis.log() requires two arguments or more.");
			}
			if (!args.arg1().isnumber()) {
				throw host.error("ERR First argument must be a number (log level).");
			}
			int level = args.arg1().toint();
			if (level < 0 || level > 3) {
				throw host.error("ERR Invalid debug level.");
			}
			StringBuilder text = new StringBuilder();
			for (int i = 2; i <= args.narg(); i++) {
				if (i > 2) {
					text.append(' ');
				}
				text.append(args.arg(i).tojstring());
			}
			LOG.log(LEVELS[level], text.toString());
			return LuaValue.NIL;
		}));
		redis.rawset("LOG_DEBUG", 0);
		redis.rawset("LOG_VERBOSE", 1);
		redis.rawset("LOG_NOTICE", 2);
		redis.rawset("LOG_WARNING", 3);
		redis.rawset("REDIS_VERSION", ServerInfo.REDIS_VERSION);
		redis.rawset("REDIS_VERSION_NUM", versionNumber(ServerInfo.REDIS_VERSION));
		return redis;
	}

	private static final System.Logger.Level[] LEVELS = { System.Logger.Level.DEBUG, System.Logger.Level.INFO,
			System.Logger.Level.INFO, System.Logger.Level.WARNING };

	/**
	 * {@code redis.error_reply}'s table: a leading "-" is dropped, and a message without an
	 * error code ("x", no space) gets "ERR " in front, as Redis 7.0 does.
	 */
	static LuaTable errorTable(String message) {
		String text = message.startsWith("-") ? message.substring(1) : message;
		if (text.indexOf(' ') < 0) {
			text = "ERR " + text;
		}
		return LuaValue.tableOf(new LuaValue[] { LuaValue.valueOf("err"), LuaValue.valueOf(text) });
	}

	static String sha1hex(byte[] data) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int versionNumber(String version) {
		String[] p = version.split("\\.");
		return (Integer.parseInt(p[0]) << 16) | (Integer.parseInt(p[1]) << 8) | Integer.parseInt(p[2]);
	}

}
