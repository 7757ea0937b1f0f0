package io.cachalot.server;

/** Versions the server reports. */
public final class ServerInfo {

	/** The Redis version whose behaviour Cachalot follows; clients read it from HELLO and INFO. */
	public static final String REDIS_VERSION = "7.0.15";

	/** The memcached release whose text and meta protocol the memcached engine speaks. */
	public static final String MEMCACHED_VERSION = "1.6.18";

	/** Cachalot's own version. */
	public static final String VERSION = versionFromManifest();

	private ServerInfo() {
	}

	private static String versionFromManifest() {
		String v = ServerInfo.class.getPackage().getImplementationVersion();
		return (v != null) ? v : "0.1.0-SNAPSHOT";
	}

}
