package io.cachalot.spring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code cachalot} health contributor. */
@ConfigurationProperties("cachalot.health")
public class CachalotHealthProperties {

	/** Whether to contribute the cache's health. */
	private boolean enabled = true;

	/**
	 * Status reported while the cache is unavailable: {@code DEGRADED} (the default; the
	 * application stays UP, as it works from its database) or {@code DOWN}.
	 */
	private String outageStatus = "DEGRADED";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getOutageStatus() {
		return this.outageStatus;
	}

	public void setOutageStatus(String outageStatus) {
		this.outageStatus = outageStatus;
	}

}
