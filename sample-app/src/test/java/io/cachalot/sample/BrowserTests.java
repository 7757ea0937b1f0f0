package io.cachalot.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The page in a real headless Chromium (Debian's {@code chromium} and {@code chromedriver},
 * driven through Selenium): browse and search, sign in, fill the cart, see the leaderboard
 * and the live dashboard move, and run the outage tour from the page's own buttons.
 * Skipped where Chromium or ChromeDriver is not installed ({@code .ci/run} installs them).
 * Screenshots land in {@code target/screenshots}.
 */
class BrowserTests {

	private static final Path CHROMIUM = Path.of(System.getProperty("sample.chromium", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path.of(System.getProperty("sample.chromedriver", "/usr/bin/chromedriver"));

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static RunningShop shop;

	private static WebDriver browser;

	@BeforeAll
	static void start() {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Chromium and ChromeDriver are not installed (apt-get install chromium chromium-driver)");
		shop = RunningShop.start();
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-quic", "--no-first-run", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--window-size=1400,1300");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
		}
		if (shop != null) {
			shop.close();
		}
	}

	@Test
	void aShopperBrowsesSignsInFillsTheCartAndWatchesTheCache() throws IOException {
		browser.get("http://localhost:" + shop.port() + "/");
		await(text("search-status", "products for “coffee”"));
		assertThat(browser.findElements(By.cssSelector("#results .product"))).hasSizeGreaterThan(5);

		search("whale");
		await(text("search-status", "products for “whale”"));
		assertThat(browser.findElement(By.id("search-status")).getText()).endsWith("from the database");
		List<WebElement> results = browser.findElements(By.cssSelector("#results .product"));
		assertThat(results).isNotEmpty().allSatisfy(card -> assertThat(card.getText().toLowerCase()).contains("whale"));
		search("whale");
		await(text("search-status", "from the cache"));
		await(d -> !d.findElement(By.id("hit-ratio-total")).getText().equals("–"));

		browser.findElement(By.id("login-username")).sendKeys("alice");
		browser.findElement(By.id("login-password")).sendKeys("cachalot");
		browser.findElement(By.id("login-button")).click();
		await(text("account", "alice"));

		WebElement first = browser.findElements(By.cssSelector("#results .product")).get(0);
		String productName = first.findElement(By.cssSelector(".open-product")).getText();
		first.findElement(By.cssSelector(".add-to-cart")).click();
		first = browser.findElements(By.cssSelector("#results .product")).get(0);
		first.findElement(By.cssSelector(".add-to-cart")).click();
		await(text("cart-count", "2"));
		assertThat(browser.findElement(By.id("cart")).getText()).contains("2 × " + productName);

		browser.findElements(By.cssSelector("#results .product .open-product")).get(0).click();
		await(text("product-detail", productName));
		await(text("leaderboard", productName));

		await(text("breaker", "CLOSED"));
		assertThat(browser.findElement(By.id("hit-ratio-total")).getText()).endsWith("%");
		assertThat(browser.findElement(By.id("server-state")).getText()).startsWith("running");
		screenshot("shop.png");

		// signed in on this instance is signed in on the page reloaded: the session lives in the cache server
		browser.navigate().refresh();
		await(text("account", "alice"));
		await(text("cart-count", "2"));
	}

	@Test
	void theOutageTourFromThePage() throws IOException {
		browser.get("http://localhost:" + shop.port() + "/");
		await(text("search-status", "products for “coffee”"));
		await(text("server-state", "running"));

		browser.findElement(By.id("admin-password")).sendKeys("cachalot");
		browser.findElement(By.id("stop-server")).click();
		await(text("outage-message", "stopped"));
		await(text("server-state", "stopped"));

		String[] categories = { "Books", "Garden", "Music", "Tools", "Toys", "Travel" };
		for (int round = 0; round < 20 && !breakerIs("OPEN"); round++) {
			String category = categories[round % categories.length];
			clickCategory(category);
			await(text("search-status", "products for “" + category.toLowerCase() + "”"));
		}
		await(text("breaker", "OPEN"));
		assertThat(browser.findElements(By.cssSelector("#results .product"))).as("the database still answers")
			.isNotEmpty();
		assertThat(browser.findElement(By.id("search-status")).getText()).endsWith("from the database");
		screenshot("outage.png");

		browser.findElement(By.id("start-server")).click();
		await(text("outage-message", "running"));
		await(text("server-state", "running"));
		for (int round = 0; round < 60 && !breakerIs("CLOSED"); round++) {
			clickCategory(categories[round % categories.length]);
			sleep(500);
		}
		await(text("breaker", "CLOSED"));

		// the live leaderboard is back too (its stream reconnects; the restarted server is empty)
		WebElement product = browser.findElements(By.cssSelector("#results .product .open-product")).get(1);
		String opened = product.getText();
		product.click();
		await(text("product-detail", opened));
		await(text("leaderboard", opened));
	}

	private static void search(String text) {
		WebElement box = browser.findElement(By.id("search"));
		box.clear();
		box.sendKeys(text);
		browser.findElement(By.cssSelector("#search-form button")).click();
	}

	private static void clickCategory(String category) {
		for (WebElement button : browser.findElements(By.cssSelector("#categories .category"))) {
			if (button.getText().equals(category)) {
				button.click();
				return;
			}
		}
		throw new IllegalStateException("no category button " + category);
	}

	private static boolean breakerIs(String state) {
		return state.equals(browser.findElement(By.id("breaker")).getDomAttribute("data-state"));
	}

	private static ExpectedCondition<Boolean> text(String id, String expected) {
		return d -> d.findElement(By.id(id)).getText().contains(expected);
	}

	private static void await(ExpectedCondition<Boolean> condition) {
		new WebDriverWait(browser, Duration.ofSeconds(30)).until(condition);
	}

	private static void screenshot(String name) throws IOException {
		File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
		Files.createDirectories(SCREENSHOTS);
		Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
