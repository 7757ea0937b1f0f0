package io.cachalot.spring.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CloudWatch registry sends real PutMetricData calls through the AWS SDK — to a local HTTP
 * endpoint standing in for CloudWatch (endpoint override, dummy credentials): no AWS account.
 */
class CachalotCloudWatchMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachalotCloudWatchMetricsAutoConfiguration.class));

	private HttpServer cloudWatch;

	/** What the stand-in received: the target header (or query action) and the body. */
	private final List<String> requests = new CopyOnWriteArrayList<>();

	@BeforeEach
	void startStandIn() throws IOException {
		this.cloudWatch = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.cloudWatch.createContext("/", exchange -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
			this.requests.add(target + " " + new String(body, StandardCharsets.ISO_8859_1));
			byte[] response = "{}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
			exchange.sendResponseHeaders(200, response.length);
			exchange.getResponseBody().write(response);
			exchange.close();
		});
		this.cloudWatch.start();
		System.setProperty("aws.accessKeyId", "test-access-key");
		System.setProperty("aws.secretAccessKey", "test-secret-key");
	}

	@AfterEach
	void stopStandIn() {
		this.cloudWatch.stop(0);
		System.clearProperty("aws.accessKeyId");
		System.clearProperty("aws.secretAccessKey");
	}

	@Test
	void metricsArePutToCloudWatch() {
		this.runner
			.withPropertyValues("cachalot.metrics.cloudwatch.namespace=cachalot-test",
					"cachalot.metrics.cloudwatch.region=us-east-1", "cachalot.metrics.cloudwatch.step=1s",
					"cachalot.metrics.cloudwatch.endpoint=http://127.0.0.1:" + this.cloudWatch.getAddress().getPort())
			.run(context -> {
				CloudWatchMeterRegistry registry = context.getBean(CloudWatchMeterRegistry.class);
				registry.counter("cache.gets", "cache", "products", "result", "hit").increment(3);
				long deadline = System.currentTimeMillis() + 15_000;
				while (this.requests.stream().noneMatch(r -> r.contains("cachalot-test") && r.contains("cache.gets"))) {
					assertThat(System.currentTimeMillis()).as("a PutMetricData call arrived").isLessThan(deadline);
					Thread.sleep(50);
				}
				assertThat(this.requests).anyMatch(r -> r.contains("PutMetricData"));
			});
	}

	@Test
	void offWithoutANamespaceOrTheRegistry() {
		this.runner.run(context -> assertThat(context).doesNotHaveBean(CloudWatchMeterRegistry.class));
		this.runner.withPropertyValues("cachalot.metrics.cloudwatch.namespace=x")
			.withClassLoader(new FilteredClassLoader("io.micrometer.cloudwatch2"))
			.run(context -> assertThat(context).doesNotHaveBean("cloudWatchMeterRegistry"));
	}

}
