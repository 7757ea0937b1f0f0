package io.cachalot.spring.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the in-process Cachalot server that the starter runs when
 * {@code cachalot-server} is on the classpath and no Redis endpoint is configured.
 */
@ConfigurationProperties("cachalot.embedded")
public class CachalotEmbeddedProperties {

	/**
	 * Whether to start an embedded server. By default it starts when no
	 * {@code spring.data.redis.host}, {@code port}, {@code url}, {@code sentinel} or {@code cluster}
	 * endpoint is configured.
	 */
	private boolean enabled = true;

	/** Port to listen on; 0 picks a free port. */
	private int port = 0;

	/** Address to bind. */
	private String bind = "127.0.0.1";

	/** Memory limit of the dataset, in redis.conf syntax (for example {@code 64mb}); 0 means none. */
	private String maxmemory = "0";

	/** Eviction policy applied when {@code maxmemory} is reached. */
	private String maxmemoryPolicy = "allkeys-lru";

	/** Further redis.conf directives, such as {@code hz} or {@code timeout}. */
	private Map<String, String> config = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public String getBind() {
		return this.bind;
	}

	public void setBind(String bind) {
		this.bind = bind;
	}

	public String getMaxmemory() {
		return this.maxmemory;
	}

	public void setMaxmemory(String maxmemory) {
		this.maxmemory = maxmemory;
	}

	public String getMaxmemoryPolicy() {
		return this.maxmemoryPolicy;
	}

	public void setMaxmemoryPolicy(String maxmemoryPolicy) {
		this.maxmemoryPolicy = maxmemoryPolicy;
	}

	public Map<String, String> getConfig() {
		return this.config;
	}

	public void setConfig(Map<String, String> config) {
		this.config = config;
	}

}
