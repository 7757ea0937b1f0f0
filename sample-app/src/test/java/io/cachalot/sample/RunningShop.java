package io.cachalot.sample;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * One running instance of the sample app for the tests, on a free port, started the way
 * {@code main} starts it (embedded cache server and H2 unless the properties say otherwise).
 */
final class RunningShop implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private RunningShop(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** Starts an instance; {@code properties} as {@code name=value}, over application.yml as arguments are. */
	static RunningShop start(String... properties) {
		List<String> args = new ArrayList<>();
		for (String property : List.of("server.port=0", "spring.application.name=shop-test", "sample.catalog.products=3000")) {
			args.add("--" + property);
		}
		for (String property : properties) {
			args.add("--" + property);
		}
		return new RunningShop(new SpringApplicationBuilder(SampleApplication.class, OwnNettyResources.class)
			.run(args.toArray(String[]::new)));
	}

	int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	ShopClient client() {
		return ShopClient.on(port());
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/** Statements the app sent to its database, by query name ({@code search}, {@code find-by-id}...). */
	long databaseQueries(String query) {
		Counter counter = bean(MeterRegistry.class).find("sample.db.queries").tag("query", query).counter();
		return (counter != null) ? (long) counter.count() : 0;
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * Event loops of this instance's own: with the default (global) ones, closing one of two
	 * instances in a JVM would stop the other's web server and the tests' clients too.
	 */
	@Configuration(proxyBeanMethods = false)
	static class OwnNettyResources {

		@Bean
		ReactorResourceFactory reactorResourceFactory() {
			ReactorResourceFactory factory = new ReactorResourceFactory();
			factory.setUseGlobalResources(false);
			return factory;
		}

	}

}
