package io.cachalot.sample.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The catalog's SQL, portable between H2 and PostgreSQL. Every statement that reaches the
 * database is counted ({@code sample.db.queries}, tagged by query), so the page and the
 * tests can see which requests the cache answered and which the database did.
 * <p>
 * {@link #search} is slow on purpose: it ranks each match by how many products of its
 * category are cheaper, with a correlated subquery over an unindexed table — the kind of
 * query a cache exists for.
 */
@Repository
public class CatalogRepository {

	private static final String COLUMNS = "p.id, p.name, p.category, p.description, p.price, p.stock";

	private static final String SEARCH = "SELECT " + COLUMNS
			+ ", (SELECT COUNT(*) FROM catalog_product o WHERE o.category = p.category AND o.price < p.price) AS price_rank"
			+ " FROM catalog_product p"
			+ " WHERE LOWER(p.name) LIKE :pattern OR LOWER(p.category) LIKE :pattern"
			+ " ORDER BY price_rank, p.id LIMIT :limit";

	private final DatabaseClient database;

	private final MeterRegistry meters;

	public CatalogRepository(DatabaseClient database, MeterRegistry meters) {
		this.database = database;
		this.meters = meters;
	}

	public Mono<Product> findById(long id) {
		String sql = "SELECT " + COLUMNS + " FROM catalog_product p WHERE p.id = :id";
		return DatabaseAccess.mark(Mono.defer(() -> query("find-by-id", sql)
			.bind("id", id)
			.map(CatalogRepository::product)
			.one()));
	}

	/** Products whose name or category contains {@code text}, cheapest of their category first. */
	public Flux<Product> search(String text, int limit) {
		String pattern = "%" + text.toLowerCase(Locale.ROOT).replace("%", "").replace("_", "") + "%";
		return DatabaseAccess.mark(Flux.defer(() -> query("search", SEARCH).bind("pattern", pattern)
			.bind("limit", limit)
			.map(CatalogRepository::product)
			.all()));
	}

	public Mono<Product> updatePrice(long id, BigDecimal price) {
		return Mono.defer(() -> query("update-price", "UPDATE catalog_product SET price = :price WHERE id = :id")
			.bind("price", price)
			.bind("id", id)
			.fetch()
			.rowsUpdated())
			.filter(updated -> updated > 0)
			.flatMap(updated -> findById(id));
	}

	public Mono<Long> count() {
		return Mono.defer(() -> query("count", "SELECT COUNT(*) FROM catalog_product").map(row -> row.get(0, Long.class))
			.one());
	}

	/** Inserts products in one multi-row statement (called at start, before the app serves). */
	public Mono<Long> insertAll(List<Product> products) {
		StringBuilder sql = new StringBuilder(
				"INSERT INTO catalog_product (id, name, category, description, price, stock) VALUES ");
		for (int i = 0; i < products.size(); i++) {
			sql.append(i == 0 ? "" : ", ").append("(:id").append(i).append(", :name").append(i).append(", :category")
				.append(i).append(", :description").append(i).append(", :price").append(i).append(", :stock")
				.append(i).append(')');
		}
		DatabaseClient.GenericExecuteSpec insert = query("insert", sql.toString());
		for (int i = 0; i < products.size(); i++) {
			Product p = products.get(i);
			insert = insert.bind("id" + i, p.id()).bind("name" + i, p.name()).bind("category" + i, p.category())
				.bind("description" + i, p.description()).bind("price" + i, p.price()).bind("stock" + i, p.stock());
		}
		return insert.fetch().rowsUpdated();
	}

	/** A statement, counted: callers build it when it is subscribed to, not before. */
	private DatabaseClient.GenericExecuteSpec query(String name, String sql) {
		this.meters.counter("sample.db.queries", "query", name).increment();
		return this.database.sql(sql);
	}

	private static Product product(Readable row) {
		return new Product(row.get("id", Long.class), row.get("name", String.class), row.get("category", String.class),
				row.get("description", String.class), row.get("price", BigDecimal.class), row.get("stock", Integer.class));
	}

}
