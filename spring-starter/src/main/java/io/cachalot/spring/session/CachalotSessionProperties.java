package io.cachalot.spring.session;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.session.FlushMode;
import org.springframework.session.SaveMode;

/** Spring Session on a Redis-protocol server through Cachalot's session store. */
@ConfigurationProperties("cachalot.session")
public class CachalotSessionProperties {

	/** Whether to store the web application's sessions with Cachalot's session store. */
	private boolean enabled = true;

	/** Prefix of the session keys, kept in one cluster slot (a hash tag). */
	private String namespace = "cachalot-session";

	/** How long a session lives unused; {@code spring.session.timeout} (or 30 minutes) when unset. */
	private Duration timeout;

	/** When changes are written: once per request ({@code on-save}) or as they happen ({@code immediate}, servlet). */
	private FlushMode flushMode = FlushMode.ON_SAVE;

	/** Which attributes a save writes: those set, also those read, or always all. */
	private SaveMode saveMode = SaveMode.ON_SET_ATTRIBUTE;

	/** How attributes are written: {@code json} (Jackson, Spring Security aware) or {@code jdk}. */
	private Serialization serialization = Serialization.JSON;

	/** Whether sessions are indexed by principal name (find by user, concurrent session control). */
	private boolean indexByPrincipal = true;

	/** Whether session created, deleted and expired events are published. */
	private boolean events = true;

	/** How often expired sessions are looked for (for expired events and index cleanup). */
	private Duration cleanupInterval = Duration.ofSeconds(10);

	/** Longest wait for the server in the servlet (blocking) repository. */
	private Duration commandTimeout = Duration.ofSeconds(2);

	/** Attribute formats. */
	public enum Serialization {

		JSON, JDK

	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public FlushMode getFlushMode() {
		return this.flushMode;
	}

	public void setFlushMode(FlushMode flushMode) {
		this.flushMode = flushMode;
	}

	public SaveMode getSaveMode() {
		return this.saveMode;
	}

	public void setSaveMode(SaveMode saveMode) {
		this.saveMode = saveMode;
	}

	public Serialization getSerialization() {
		return this.serialization;
	}

	public void setSerialization(Serialization serialization) {
		this.serialization = serialization;
	}

	public boolean isIndexByPrincipal() {
		return this.indexByPrincipal;
	}

	public void setIndexByPrincipal(boolean indexByPrincipal) {
		this.indexByPrincipal = indexByPrincipal;
	}

	public boolean isEvents() {
		return this.events;
	}

	public void setEvents(boolean events) {
		this.events = events;
	}

	public Duration getCleanupInterval() {
		return this.cleanupInterval;
	}

	public void setCleanupInterval(Duration cleanupInterval) {
		this.cleanupInterval = cleanupInterval;
	}

	public Duration getCommandTimeout() {
		return this.commandTimeout;
	}

	public void setCommandTimeout(Duration commandTimeout) {
		this.commandTimeout = commandTimeout;
	}

}
