package io.cachalot.spring.resilience;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evictions the cache could not deliver while it was unreachable, to replay when it is back —
 * so no entry that should have been evicted survives an outage. Until replayed, the affected
 * keys (or a whole cache, for a clear) read as misses. Bounded: past {@code maxKeysPerCache}
 * remembered keys a cache is cleared instead on replay.
 */
public final class PendingEvictions {

	private final int maxKeysPerCache;

	private final ConcurrentHashMap<String, Set<String>> keys = new ConcurrentHashMap<>();

	private final Set<String> clears = ConcurrentHashMap.newKeySet();

	public PendingEvictions(int maxKeysPerCache) {
		this.maxKeysPerCache = maxKeysPerCache;
	}

	public void evictLater(String cache, byte[] key) {
		if (this.clears.contains(cache)) {
			return;
		}
		Set<String> set = this.keys.computeIfAbsent(cache, c -> ConcurrentHashMap.newKeySet());
		if (set.size() >= this.maxKeysPerCache) {
			clearLater(cache);
			return;
		}
		set.add(new String(key, StandardCharsets.ISO_8859_1));
	}

	public void clearLater(String cache) {
		this.clears.add(cache);
		this.keys.remove(cache);
	}

	/** Whether a read of {@code key} must not trust the server's answer yet. */
	public boolean isStale(String cache, byte[] key) {
		if (this.clears.contains(cache)) {
			return true;
		}
		Set<String> set = this.keys.get(cache);
		return set != null && !set.isEmpty() && set.contains(new String(key, StandardCharsets.ISO_8859_1));
	}

	public boolean isEmpty() {
		return this.clears.isEmpty() && this.keys.values().stream().allMatch(Set::isEmpty);
	}

	/** Caches waiting for a replayed clear. */
	public Set<String> pendingClears() {
		return Set.copyOf(this.clears);
	}

	/** Keys of {@code cache} waiting for a replayed evict. */
	public Set<byte[]> pendingKeys(String cache) {
		Set<String> set = this.keys.get(cache);
		if (set == null) {
			return Set.of();
		}
		Set<byte[]> out = new java.util.HashSet<>();
		set.forEach(k -> out.add(k.getBytes(StandardCharsets.ISO_8859_1)));
		return out;
	}

	/** Caches with keys waiting. */
	public Set<String> cachesWithKeys() {
		return Set.copyOf(this.keys.keySet());
	}

	public void cleared(String cache) {
		this.clears.remove(cache);
	}

	public void evicted(String cache, byte[] key) {
		Set<String> set = this.keys.get(cache);
		if (set != null) {
			set.remove(new String(key, StandardCharsets.ISO_8859_1));
		}
	}

}
