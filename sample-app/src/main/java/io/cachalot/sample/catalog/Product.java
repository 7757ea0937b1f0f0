package io.cachalot.sample.catalog;

import java.math.BigDecimal;

/** A product of the catalog, as stored in the database and in the cache. */
public record Product(long id, String name, String category, String description, BigDecimal price, int stock) {

	Product withPrice(BigDecimal newPrice) {
		return new Product(this.id, this.name, this.category, this.description, newPrice, this.stock);
	}

}
