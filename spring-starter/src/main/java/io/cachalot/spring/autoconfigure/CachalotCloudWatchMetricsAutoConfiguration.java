package io.cachalot.spring.autoconfigure;

import java.time.Duration;

import io.cachalot.spring.metrics.CachalotCloudWatchProperties;
import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClientBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A CloudWatch meter registry when {@code micrometer-registry-cloudwatch2} is on the classpath
 * and {@code cachalot.metrics.cloudwatch.namespace} is set: the cache metrics (and every other
 * meter) are sent with PutMetricData every {@code step}. Credentials and region follow the AWS
 * SDK's default lookup unless set; {@code endpoint} points the client elsewhere.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		beforeName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({ CloudWatchMeterRegistry.class, CloudWatchAsyncClient.class })
@ConditionalOnProperty(prefix = "cachalot.metrics.cloudwatch", name = "namespace")
@EnableConfigurationProperties(CachalotCloudWatchProperties.class)
public final class CachalotCloudWatchMetricsAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	CloudWatchAsyncClient cachalotCloudWatchClient(CachalotCloudWatchProperties properties) {
		CloudWatchAsyncClientBuilder builder = CloudWatchAsyncClient.builder();
		if (properties.getRegion() != null) {
			builder.region(Region.of(properties.getRegion()));
		}
		if (properties.getEndpoint() != null) {
			builder.endpointOverride(properties.getEndpoint());
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	CloudWatchConfig cachalotCloudWatchConfig(CachalotCloudWatchProperties properties) {
		String namespace = properties.getNamespace();
		Duration step = properties.getStep();
		int batchSize = properties.getBatchSize();
		return new CloudWatchConfig() {
			@Override
			public String get(String key) {
				return null;
			}

			@Override
			public String namespace() {
				return namespace;
			}

			@Override
			public Duration step() {
				return step;
			}

			@Override
			public int batchSize() {
				return batchSize;
			}
		};
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	CloudWatchMeterRegistry cloudWatchMeterRegistry(CloudWatchConfig config, ObjectProvider<Clock> clock,
			CloudWatchAsyncClient client) {
		return new CloudWatchMeterRegistry(config, clock.getIfAvailable(() -> Clock.SYSTEM), client);
	}

}
