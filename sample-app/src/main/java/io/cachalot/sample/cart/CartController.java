package io.cachalot.sample.cart;

import java.math.BigDecimal;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.WebSession;

import io.cachalot.sample.catalog.CatalogService;
import io.cachalot.sample.catalog.Product;

/** The signed-in shopper's cart, kept in the session (which lives in the cache server). */
@RestController
@RequestMapping("/api/cart")
class CartController {

	private final CatalogService catalog;

	CartController(CatalogService catalog) {
		this.catalog = catalog;
	}

	@GetMapping
	Mono<CartView> cart(WebSession session) {
		return view(cartOf(session));
	}

	@PostMapping("/items")
	Mono<CartView> add(WebSession session, @RequestBody Addition addition) {
		if (addition.quantity() < 1 || addition.quantity() > Cart.MAX_QUANTITY) {
			return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"quantity must be between 1 and " + Cart.MAX_QUANTITY));
		}
		return this.catalog.product(addition.productId())
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
					"no product " + addition.productId())))
			.flatMap(product -> {
				Cart cart = cartOf(session).add(product.id(), addition.quantity());
				session.getAttributes().put(Cart.SESSION_ATTRIBUTE, cart);
				return view(cart);
			});
	}

	@DeleteMapping("/items/{productId}")
	Mono<CartView> remove(WebSession session, @PathVariable long productId) {
		Cart cart = cartOf(session).remove(productId);
		session.getAttributes().put(Cart.SESSION_ATTRIBUTE, cart);
		return view(cart);
	}

	private static Cart cartOf(WebSession session) {
		Cart cart = session.getAttribute(Cart.SESSION_ATTRIBUTE);
		return (cart != null) ? cart : Cart.empty();
	}

	private Mono<CartView> view(Cart cart) {
		return Flux.fromIterable(cart.items().entrySet())
			.concatMap(item -> this.catalog.product(item.getKey())
				.map(product -> new CartLine(product, item.getValue(),
						product.price().multiply(BigDecimal.valueOf(item.getValue())))))
			.collectList()
			.map(lines -> new CartView(lines,
					lines.stream().map(CartLine::subtotal).reduce(BigDecimal.ZERO, BigDecimal::add),
					lines.stream().mapToInt(CartLine::quantity).sum()));
	}

	record Addition(long productId, int quantity) {
	}

	record CartLine(Product product, int quantity, BigDecimal subtotal) {
	}

	record CartView(List<CartLine> lines, BigDecimal total, int count) {
	}

}
