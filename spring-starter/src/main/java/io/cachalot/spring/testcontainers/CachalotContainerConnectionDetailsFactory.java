package io.cachalot.spring.testcontainers;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

/**
 * Turns a {@code @ServiceConnection} {@link CachalotContainer} into the
 * {@link DataRedisConnectionDetails} that Spring Data Redis (and with it the Cachalot cache
 * and session store) connects with.
 */
class CachalotContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<CachalotContainer, DataRedisConnectionDetails> {

	@Override
	protected DataRedisConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<CachalotContainer> source) {
		return new CachalotContainerConnectionDetails(source);
	}

	private static final class CachalotContainerConnectionDetails extends ContainerConnectionDetails<CachalotContainer>
			implements DataRedisConnectionDetails {

		private CachalotContainerConnectionDetails(ContainerConnectionSource<CachalotContainer> source) {
			super(source);
		}

		@Override
		public SslBundle getSslBundle() {
			return super.getSslBundle();
		}

		@Override
		public String getPassword() {
			return getContainer().getPassword();
		}

		@Override
		public Standalone getStandalone() {
			CachalotContainer container = getContainer();
			return Standalone.of(container.getHost(), container.getMappedPort(CachalotContainer.PORT));
		}

	}

}
