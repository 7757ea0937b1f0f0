package io.cachalot.session;

import java.nio.charset.StandardCharsets;

/**
 * The key layout of the session store, shared by the reactive and the servlet repository
 * so that both kinds of application read each other's sessions:
 *
 * <pre>
 * {namespace}:sessions:{id}                 hash: attributes and metadata of one session
 * {namespace}:index:principal:{name}        set: ids of the sessions of one principal
 * {namespace}:expirations                   sorted set: id by expiry time, swept for expiry events
 * </pre>
 *
 * The namespace is wrapped in a hash tag ({@code {...}}) so that all keys of one
 * namespace land in one cluster slot when the index and the session must change together.
 */
public final class SessionKeys {

	/** Hash fields of the session metadata; attributes are stored under {@code attr:<name>}. */
	public static final String CREATION_TIME = "creationTime";

	public static final String LAST_ACCESSED_TIME = "lastAccessedTime";

	public static final String MAX_INACTIVE_INTERVAL = "maxInactiveInterval";

	public static final String ATTRIBUTE_PREFIX = "attr:";

	private final String prefix;

	public SessionKeys(String namespace) {
		if (namespace == null || namespace.isBlank()) {
			throw new IllegalArgumentException("namespace must not be empty");
		}
		this.prefix = "{" + namespace + "}:";
	}

	public String session(String id) {
		return this.prefix + "sessions:" + id;
	}

	public String principalIndex(String principalName) {
		return this.prefix + "index:principal:" + principalName;
	}

	public String expirations() {
		return this.prefix + "expirations";
	}

	public static String attributeField(String attributeName) {
		return ATTRIBUTE_PREFIX + attributeName;
	}

	/** The attribute name of a hash field, or null when the field is metadata. */
	public static String attributeName(String field) {
		return field.startsWith(ATTRIBUTE_PREFIX) ? field.substring(ATTRIBUTE_PREFIX.length()) : null;
	}

	public static byte[] bytes(String key) {
		return key.getBytes(StandardCharsets.UTF_8);
	}

}
