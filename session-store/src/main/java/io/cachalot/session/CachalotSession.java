package io.cachalot.session;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.session.SaveMode;
import org.springframework.session.Session;

/**
 * One session as the repositories hand it out: its attributes plus what changed since it was
 * loaded, so a save writes only that (the delta), which is what lets two concurrent requests
 * change different attributes of one session without losing either change.
 *
 * <p>{@link SaveMode} decides what counts as changed: attributes set or removed
 * ({@code ON_SET_ATTRIBUTE}), also attributes read ({@code ON_GET_ATTRIBUTE}, for mutable
 * values changed in place), or every attribute ({@code ALWAYS}).
 */
public final class CachalotSession implements Session {

	private String id;

	/** The id the server knows this session by (null for a new session). */
	private String storedId;

	private final Instant creationTime;

	private Instant lastAccessedTime;

	private Duration maxInactiveInterval;

	private final Map<String, Object> attributes;

	/** Attributes to write (set, or read under ON_GET_ATTRIBUTE) and to delete on the next save. */
	private final Set<String> changed = new HashSet<>();

	private final Set<String> removed = new HashSet<>();

	private boolean metadataChanged;

	private final SaveMode saveMode;

	/** Called after each change when the flush mode is IMMEDIATE. */
	private Consumer<CachalotSession> onChange = s -> {
	};

	/** A new session. */
	CachalotSession(Duration maxInactiveInterval, SaveMode saveMode) {
		this.id = newId();
		this.creationTime = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		this.lastAccessedTime = this.creationTime;
		this.maxInactiveInterval = maxInactiveInterval;
		this.attributes = new LinkedHashMap<>();
		this.saveMode = saveMode;
		this.metadataChanged = true;
	}

	/** A session loaded from the server. */
	CachalotSession(String id, Instant creationTime, Instant lastAccessedTime, Duration maxInactiveInterval,
			Map<String, Object> attributes, Set<String> unreadable, SaveMode saveMode) {
		this.id = id;
		this.storedId = id;
		this.creationTime = creationTime;
		this.lastAccessedTime = lastAccessedTime;
		this.maxInactiveInterval = maxInactiveInterval;
		this.attributes = new LinkedHashMap<>(attributes);
		this.saveMode = saveMode;
		// attributes that no longer read are deleted with the next save
		this.removed.addAll(unreadable);
		if (saveMode == SaveMode.ALWAYS) {
			this.changed.addAll(attributes.keySet());
		}
	}

	static String newId() {
		return UUID.randomUUID().toString();
	}

	void onChange(Consumer<CachalotSession> onChange) {
		this.onChange = onChange;
	}

	@Override
	public String getId() {
		return this.id;
	}

	/** The id under which the session is stored, or null if it has not been saved yet. */
	String storedId() {
		return this.storedId;
	}

	boolean isNew() {
		return this.storedId == null;
	}

	@Override
	public String changeSessionId() {
		this.id = newId();
		return this.id;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T getAttribute(String name) {
		Object value = this.attributes.get(name);
		if (value != null && this.saveMode == SaveMode.ON_GET_ATTRIBUTE) {
			this.changed.add(name);
		}
		return (T) value;
	}

	@Override
	public Set<String> getAttributeNames() {
		return new HashSet<>(this.attributes.keySet());
	}

	@Override
	public void setAttribute(String name, Object value) {
		if (value == null) {
			removeAttribute(name);
			return;
		}
		this.attributes.put(name, value);
		this.changed.add(name);
		this.removed.remove(name);
		this.onChange.accept(this);
	}

	@Override
	public void removeAttribute(String name) {
		this.attributes.remove(name);
		this.changed.remove(name);
		this.removed.add(name);
		this.onChange.accept(this);
	}

	@Override
	public Instant getCreationTime() {
		return this.creationTime;
	}

	@Override
	public void setLastAccessedTime(Instant lastAccessedTime) {
		this.lastAccessedTime = lastAccessedTime.truncatedTo(ChronoUnit.MILLIS);
		this.metadataChanged = true;
	}

	@Override
	public Instant getLastAccessedTime() {
		return this.lastAccessedTime;
	}

	@Override
	public void setMaxInactiveInterval(Duration interval) {
		this.maxInactiveInterval = interval;
		this.metadataChanged = true;
		this.onChange.accept(this);
	}

	@Override
	public Duration getMaxInactiveInterval() {
		return this.maxInactiveInterval;
	}

	@Override
	public boolean isExpired() {
		return isExpired(Instant.now());
	}

	boolean isExpired(Instant now) {
		return !this.maxInactiveInterval.isNegative() && !this.maxInactiveInterval.isZero()
				&& now.isAfter(this.lastAccessedTime.plus(this.maxInactiveInterval));
	}

	/** When the session expires unless used again; null if it never does. */
	Instant expiresAt() {
		return (this.maxInactiveInterval.isNegative() || this.maxInactiveInterval.isZero()) ? null
				: this.lastAccessedTime.plus(this.maxInactiveInterval);
	}

	// ---- the delta -------------------------------------------------------------------------

	/** Attribute values to write on save. */
	Map<String, Object> changedAttributes() {
		Map<String, Object> out = new HashMap<>();
		for (String name : this.changed) {
			Object value = this.attributes.get(name);
			if (value != null) {
				out.put(name, value);
			}
		}
		return out;
	}

	Set<String> removedAttributes() {
		return Set.copyOf(this.removed);
	}

	boolean metadataChanged() {
		return this.metadataChanged;
	}

	/** After a save: the stored state equals this one. */
	void saved() {
		this.storedId = this.id;
		this.changed.clear();
		this.removed.clear();
		this.metadataChanged = false;
		if (this.saveMode == SaveMode.ALWAYS) {
			this.changed.addAll(this.attributes.keySet());
		}
	}

	/** A copy of the attributes (for events and the principal lookup). */
	Map<String, Object> attributes() {
		return Map.copyOf(this.attributes);
	}

}
