package io.cachalot.server.script;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.luaj.vm2.Prototype;

/**
 * EVAL scripts by SHA1, compiled once: what EVALSHA finds and SCRIPT EXISTS / FLUSH see. As in
 * Redis 7.0, scripts stay until SCRIPT FLUSH.
 */
public final class ScriptCache {

	/** A compiled script: its SHA1, source, compiled code and shebang flags. */
	public record Script(String sha, byte[] body, Prototype prototype, ScriptFlags flags) {
	}

	private final ConcurrentHashMap<String, Script> bySha = new ConcurrentHashMap<>();

	/** The same scripts by their source, so a repeated EVAL finds its script without hashing it. */
	private final ConcurrentHashMap<java.nio.ByteBuffer, Script> byBody = new ConcurrentHashMap<>();

	private final AtomicLong bodyBytes = new AtomicLong();

	private final AtomicLong compiledBytes = new AtomicLong();

	/** The script with this SHA1 (lower or upper case hex), or null. */
	public Script get(String sha) {
		return this.bySha.get(sha.toLowerCase(java.util.Locale.ROOT));
	}

	Script put(Script script) {
		Script existing = this.bySha.putIfAbsent(script.sha(), script);
		if (existing != null) {
			return existing;
		}
		this.byBody.put(java.nio.ByteBuffer.wrap(script.body()), script);
		this.bodyBytes.addAndGet(script.body().length);
		this.compiledBytes.addAndGet(compiledSize(script.prototype()));
		return script;
	}

	public boolean contains(String sha) {
		return get(sha) != null;
	}

	/** The script whose source is {@code body}, or null. */
	Script byBody(byte[] body) {
		return this.byBody.get(java.nio.ByteBuffer.wrap(body));
	}

	public void clear() {
		this.bySha.clear();
		this.byBody.clear();
		this.bodyBytes.set(0);
		this.compiledBytes.set(0);
	}

	public int size() {
		return this.bySha.size();
	}

	/** Bytes of script source kept (INFO used_memory_scripts_eval). */
	public long memory() {
		return this.bodyBytes.get();
	}

	/** An estimate of the compiled scripts' size (INFO used_memory_vm_eval). */
	public long compiledMemory() {
		return this.compiledBytes.get();
	}

	/** Instructions, constants and line table of a compiled chunk and its nested functions. */
	static long compiledSize(Prototype p) {
		long size = 64L + 4L * p.code.length + 16L * p.k.length + 4L * (p.lineinfo == null ? 0 : p.lineinfo.length);
		for (Prototype child : p.p) {
			size += compiledSize(child);
		}
		return size;
	}

}
