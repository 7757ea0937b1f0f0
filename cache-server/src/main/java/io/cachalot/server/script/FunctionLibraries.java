package io.cachalot.server.script;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.cachalot.server.command.CommandException;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Redis 7 function libraries: FUNCTION LOAD runs a library's code ({@code #!lua name=lib}
 * first) once, with a {@code redis} table that only offers {@code register_function} (and
 * logging); the functions it registers are what FCALL calls. Function names are unique across
 * libraries. A load replaces a library all at once or not at all. Callers hold every stripe
 * (the engine's lock) while this registry changes or runs Lua.
 */
public final class FunctionLibraries {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

	private static final String CHUNK = "@user_function";

	/** A registered function: its name, Lua body, flags and description (may be null). */
	public record Function(String name, LuaFunction body, ScriptFlags flags, String description, String library) {
	}

	/** A loaded library: its name, source, functions in registration order and compiled size. */
	public record Library(String name, byte[] code, Map<String, Function> functions, long compiledSize) {
	}

	private final Sandbox vm;

	private final RedisApi.Host host;

	/** Told when a library's code starts (true) and stops (false) running, for the load timeout. */
	private final java.util.function.Consumer<Boolean> loadTimer;

	private final Map<String, Library> libraries = new LinkedHashMap<>();

	private final Map<String, Function> functions = new LinkedHashMap<>();

	/** The library being loaded: what register_function adds to. */
	private Map<String, Function> loading;

	private String loadingName;

	FunctionLibraries(Sandbox vm, RedisApi.Host host, java.util.function.Consumer<Boolean> loadTimer) {
		this.vm = vm;
		this.host = host;
		this.loadTimer = loadTimer;
	}

	public synchronized Function function(String name) {
		return this.functions.get(name);
	}

	public synchronized List<Library> libraries() {
		return new ArrayList<>(this.libraries.values());
	}

	public synchronized int functionCount() {
		return this.functions.size();
	}

	/** Bytes of library source (INFO used_memory_functions). */
	public synchronized long sourceMemory() {
		return this.libraries.values().stream().mapToLong(l -> l.code().length).sum();
	}

	/** An estimate of the compiled libraries' size (INFO used_memory_vm_functions). */
	public synchronized long compiledMemory() {
		return this.libraries.values().stream().mapToLong(Library::compiledSize).sum();
	}

	/** FUNCTION LOAD: returns the library's name. */
	public synchronized String load(byte[] code, boolean replace) {
		Library library = compileAndRegister(code);
		Library existing = this.libraries.get(library.name());
		if (existing != null && !replace) {
			throw new CommandException("ERR Library '" + library.name() + "' already exists");
		}
		for (Function f : library.functions().values()) {
			Function other = this.functions.get(f.name());
			if (other != null && !other.library().equals(library.name())) {
				throw new CommandException("ERR Function " + f.name() + " already exists");
			}
		}
		if (existing != null) {
			remove(existing);
		}
		add(library);
		return library.name();
	}

	/** FUNCTION DELETE. */
	public synchronized void delete(String name) {
		Library library = this.libraries.get(name);
		if (library == null) {
			throw new CommandException("ERR Library not found");
		}
		remove(library);
	}

	/** FUNCTION FLUSH. */
	public synchronized void flush() {
		this.libraries.clear();
		this.functions.clear();
	}

	/** FUNCTION RESTORE: FLUSH, APPEND (fails on any existing library or function) or REPLACE. */
	public synchronized void restore(List<byte[]> codes, String policy) {
		List<Library> incoming = new ArrayList<>();
		for (byte[] code : codes) {
			incoming.add(compileAndRegister(code));
		}
		Map<String, Library> newLibraries = new LinkedHashMap<>(policy.equals("flush") ? Map.of() : this.libraries);
		for (Library library : incoming) {
			if (newLibraries.containsKey(library.name()) && policy.equals("append")) {
				throw new CommandException("ERR Library " + library.name() + " already exists");
			}
			newLibraries.put(library.name(), library);
		}
		Map<String, Function> newFunctions = new LinkedHashMap<>();
		for (Library library : newLibraries.values()) {
			for (Function f : library.functions().values()) {
				if (newFunctions.putIfAbsent(f.name(), f) != null) {
					throw new CommandException("ERR Function " + f.name() + " already exists");
				}
			}
		}
		this.libraries.clear();
		this.libraries.putAll(newLibraries);
		this.functions.clear();
		this.functions.putAll(newFunctions);
	}

	private void add(Library library) {
		this.libraries.put(library.name(), library);
		this.functions.putAll(library.functions());
	}

	private void remove(Library library) {
		this.libraries.remove(library.name());
		library.functions().keySet().forEach(this.functions::remove);
	}

	/** Parses the shebang, compiles the code and runs it to collect its functions. */
	private Library compileAndRegister(byte[] code) {
		String name = libraryName(code);
		byte[] body = code.clone();
		for (int i = 0; i < body.length && body[i] != '\n'; i++) {
			body[i] = ' ';
		}
		Prototype prototype = ScriptEngine.compile(body, CHUNK, "ERR Error compiling function: ");
		Map<String, Function> registered = new LinkedHashMap<>();
		this.loading = registered;
		this.loadingName = name;
		// while a library loads it sees only the loading API, as in Redis 7.0
		Map<String, LuaValue> globals = hideGlobals();
		this.vm.setProtected("redis", RedisApi.forLoading(this.host, new RegisterFunction()));
		this.loadTimer.accept(true);
		try {
			new LuaClosure(prototype, this.vm).call();
		}
		catch (LuaError ex) {
			LuaValue object = ex.getMessageObject();
			String message = (object != null && object.istable() && object.rawget("err").isstring())
					? object.rawget("err").tojstring() : "ERR " + ScriptEngine.luaMessage(ex.getMessage());
			throw new CommandException("ERR Error registering functions: " + message);
		}
		finally {
			this.loadTimer.accept(false);
			globals.forEach(this.vm::setProtected);
			this.loading = null;
		}
		if (registered.isEmpty()) {
			throw new CommandException("ERR No functions registered");
		}
		return new Library(name, code, registered, ScriptCache.compiledSize(prototype));
	}

	/** Removes every global for the duration of a load; returns them, to put back. */
	private Map<String, LuaValue> hideGlobals() {
		Map<String, LuaValue> saved = new LinkedHashMap<>();
		LuaValue k = LuaValue.NIL;
		while (true) {
			Varargs next = this.vm.next(k);
			if ((k = next.arg1()).isnil()) {
				break;
			}
			if (k.isstring()) {
				saved.put(k.tojstring(), next.arg(2));
			}
		}
		saved.keySet().forEach(name -> this.vm.setProtected(name, LuaValue.NIL));
		return saved;
	}

	/** The {@code name=} of the {@code #!lua name=lib} first line, with Redis's errors. */
	static String libraryName(byte[] code) {
		if (code.length < 2 || code[0] != '#' || code[1] != '!') {
			throw new CommandException("ERR Missing library metadata");
		}
		int end = 0;
		while (end < code.length && code[end] != '\n') {
			end++;
		}
		String[] parts = new String(code, 2, end - 2, StandardCharsets.UTF_8).strip().split("\\s+");
		if (!parts[0].equals("lua")) {
			throw new CommandException("ERR Engine '" + parts[0] + "' not found");
		}
		String name = null;
		for (int i = 1; i < parts.length; i++) {
			if (parts[i].startsWith("name=")) {
				name = parts[i].substring(5);
			}
			else {
				throw new CommandException("ERR Invalid metadata value given: " + parts[i]);
			}
		}
		if (name == null) {
			throw new CommandException("ERR Library name was not given");
		}
		if (!NAME.matcher(name).matches()) {
			throw new CommandException(
					"ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long");
		}
		return name;
	}

	/** {@code redis.register_function(name, callback)} or {@code redis.register_function{...}}. */
	private final class RegisterFunction extends VarArgFunction {

		@Override
		public Varargs invoke(Varargs args) {
			if (loading == null) {
				throw host.error("ERR redis.register_function can only be called on FUNCTION LOAD command");
			}
			String name;
			LuaValue callback;
			ScriptFlags flags = ScriptFlags.NONE;
			String description = null;
			if (args.narg() == 1) {
				if (!args.arg1().istable()) {
					throw host.error("ERR calling redis.register_function with a single argument is only applicable to Lua table"
							+ " (representing named arguments).");
				}
				LuaTable named = (LuaTable) args.arg1();
				LuaValue n = LuaValue.NIL;
				LuaValue cb = LuaValue.NIL;
				LuaValue k = LuaValue.NIL;
				while (true) {
					Varargs next = named.next(k);
					if ((k = next.arg1()).isnil()) {
						break;
					}
					String key = k.isstring() ? k.tojstring() : "";
					LuaValue v = next.arg(2);
					switch (key) {
						case "function_name" -> n = v;
						case "callback" -> cb = v;
						case "description" -> {
							if (!v.isstring()) {
								throw host.error("ERR description argument given to redis.register_function must be a string");
							}
							description = v.tojstring();
						}
						case "flags" -> flags = flags(v);
						default -> throw host.error("ERR unknown argument given to redis.register_function");
					}
				}
				if (!n.isstring()) {
					throw host.error("ERR redis.register_function must get a function name argument");
				}
				if (!cb.isfunction()) {
					throw host.error("ERR redis.register_function must get a callback argument");
				}
				name = n.tojstring();
				callback = cb;
			}
			else if (args.narg() == 2) {
				if (!args.arg1().isstring()) {
					throw host.error("ERR first argument to redis.register_function must be a string");
				}
				if (!args.arg(2).isfunction()) {
					throw host.error("ERR second argument to redis.register_function must be a function");
				}
				name = args.arg1().tojstring();
				callback = args.arg(2);
			}
			else {
				throw host.error("ERR wrong number of arguments to redis.register_function");
			}
			if (!NAME.matcher(name).matches()) {
				throw host.error("ERR Library names can only contain letters, numbers, or underscores(_) and must be at least"
						+ " one character long");
			}
			if (loading.containsKey(name)) {
				throw host.error("ERR Function already exists in the library");
			}
			loading.put(name, new Function(name, (LuaFunction) callback, flags, description, loadingName));
			return LuaValue.NONE;
		}

		private ScriptFlags flags(LuaValue v) {
			if (!v.istable()) {
				throw host.error("ERR flags argument to redis.register_function must be a table representing function flags");
			}
			List<String> names = new ArrayList<>();
			for (int i = 1; !v.rawget(i).isnil(); i++) {
				if (!v.rawget(i).isstring()) {
					throw host.error("ERR unknown flag given");
				}
				names.add(v.rawget(i).tojstring());
			}
			try {
				return ScriptFlags.of(names);
			}
			catch (IllegalArgumentException ex) {
				throw host.error("ERR unknown flag given");
			}
		}

	}

}
