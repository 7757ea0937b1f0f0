package io.cachalot.spring.autoconfigure;

import io.cachalot.spring.cache.CachalotCacheManager;

/** Callback to customize the auto-configured {@link CachalotCacheManager} before it is used. */
@FunctionalInterface
public interface CachalotCacheManagerCustomizer {

	void customize(CachalotCacheManager cacheManager);

}
