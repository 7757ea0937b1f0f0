package io.cachalot.sample.cart;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a shopper has picked: product id to quantity, in product order. Changes make a new
 * cart. Kept as a session attribute — stored as JSON in the cache server, so every instance
 * of the app sees the same cart (a plain {@code TreeMap}, which JSON reads back as it was).
 */
public record Cart(Map<Long, Integer> items) {

	static final String SESSION_ATTRIBUTE = "cart";

	static final int MAX_QUANTITY = 99;

	public Cart {
		items = new TreeMap<>(items);
	}

	static Cart empty() {
		return new Cart(Map.of());
	}

	Cart add(long productId, int quantity) {
		Map<Long, Integer> changed = new TreeMap<>(this.items);
		changed.merge(productId, quantity, (a, b) -> Math.min(MAX_QUANTITY, a + b));
		return new Cart(changed);
	}

	Cart remove(long productId) {
		Map<Long, Integer> changed = new TreeMap<>(this.items);
		changed.remove(productId);
		return new Cart(changed);
	}

}
