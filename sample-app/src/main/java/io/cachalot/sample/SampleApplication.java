package io.cachalot.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * The Cachalot sample application: a product catalog on R2DBC with its lookups and searches
 * cached, sessions and a cart in the cache server, a live leaderboard, and a page that shows
 * the cache at work — and what happens when its server goes away.
 */
@SpringBootApplication
@EnableCaching
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
