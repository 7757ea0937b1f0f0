package io.cachalot.spring.metrics;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Export of the application's metrics (the cache's among them) to Amazon CloudWatch. */
@ConfigurationProperties("cachalot.metrics.cloudwatch")
public class CachalotCloudWatchProperties {

	/** CloudWatch namespace to publish under; setting it turns the export on. */
	private String namespace;

	/** How often metrics are sent. */
	private Duration step = Duration.ofMinutes(1);

	/** AWS region; the SDK's default lookup (environment, profile) when unset. */
	private String region;

	/** Endpoint to send to instead of the region's (a VPC endpoint, or a local stand-in in tests). */
	private URI endpoint;

	/** Metric data per PutMetricData call (at most 1000). */
	private int batchSize = 1000;

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	public Duration getStep() {
		return this.step;
	}

	public void setStep(Duration step) {
		this.step = step;
	}

	public String getRegion() {
		return this.region;
	}

	public void setRegion(String region) {
		this.region = region;
	}

	public URI getEndpoint() {
		return this.endpoint;
	}

	public void setEndpoint(URI endpoint) {
		this.endpoint = endpoint;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

}
