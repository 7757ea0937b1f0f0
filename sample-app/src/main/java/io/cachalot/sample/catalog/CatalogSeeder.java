package io.cachalot.sample.catalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.stereotype.Component;

/**
 * Fills an empty catalog with {@code sample.catalog.products} generated products (5,000 by
 * default) when the application starts. The products are the same on every start and in
 * every instance: product {@code n} is always the same product, so two instances on their own
 * H2 databases still agree. The seeding is one transaction — a start that dies halfway leaves
 * an empty catalog, not half of one — and an instance that loses the race to seed a shared
 * database (duplicate keys) leaves it to the winner.
 */
@Component
class CatalogSeeder implements ApplicationRunner {

	private static final Log log = LogFactory.getLog(CatalogSeeder.class);

	private static final int BATCH = 250;

	static final String[] CATEGORIES = { "Books", "Coffee", "Garden", "Kitchen", "Lighting", "Music", "Outdoor",
			"Sports", "Tools", "Toys", "Travel", "Wellness" };

	private static final String[] ADJECTIVES = { "Arctic", "Bold", "Calm", "Deep", "Electric", "Fluid", "Golden",
			"Humble", "Iron", "Jolly", "Kinetic", "Lunar", "Mellow", "Nimble", "Oceanic", "Polar", "Quiet", "Rapid",
			"Solid", "Tidal" };

	private static final String[] NOUNS = { "Whale", "Narwhal", "Orca", "Dolphin", "Marlin", "Manta", "Seal",
			"Squid", "Otter", "Puffin", "Walrus", "Beluga", "Krill", "Pelican", "Tuna" };

	private final CatalogRepository catalog;

	private final TransactionalOperator transaction;

	private final int products;

	CatalogSeeder(CatalogRepository catalog, ReactiveTransactionManager transactions,
			@Value("${sample.catalog.products:5000}") int products) {
		this.catalog = catalog;
		this.transaction = TransactionalOperator.create(transactions);
		this.products = products;
	}

	@Override
	public void run(ApplicationArguments args) {
		long existing = this.catalog.count().blockOptional().orElse(0L);
		if (existing > 0) {
			log.info("Catalog has " + existing + " products");
			return;
		}
		try {
			Flux.range(0, (this.products + BATCH - 1) / BATCH)
				.concatMap(batch -> this.catalog
					.insertAll(batch(batch * BATCH + 1, Math.min(this.products, (batch + 1) * BATCH))))
				.as(this.transaction::transactional)
				.blockLast();
			log.info("Seeded the catalog with " + this.products + " products");
		}
		catch (DataIntegrityViolationException ex) {
			log.info("Another instance seeded the catalog first");
		}
	}

	private static List<Product> batch(int first, int last) {
		List<Product> batch = new ArrayList<>(last - first + 1);
		for (int id = first; id <= last; id++) {
			batch.add(product(id));
		}
		return batch;
	}

	/** Product {@code id}, the same every time. */
	static Product product(long id) {
		int n = (int) id;
		String category = CATEGORIES[n % CATEGORIES.length];
		String name = ADJECTIVES[(n / CATEGORIES.length) % ADJECTIVES.length] + " "
				+ NOUNS[(n / (CATEGORIES.length * ADJECTIVES.length)) % NOUNS.length] + " " + category.toLowerCase() + " set "
				+ (n % 97);
		BigDecimal price = BigDecimal.valueOf(((n * 7919L) % 49_000) + 500, 2);
		String description = "A " + name.toLowerCase() + ", number " + n + " of the Cachalot catalog.";
		return new Product(id, name, category, description, price, (n * 31) % 200);
	}

}
