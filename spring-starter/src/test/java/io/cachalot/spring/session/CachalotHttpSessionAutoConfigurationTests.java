package io.cachalot.spring.session;

import io.cachalot.session.CachalotSession;
import io.cachalot.session.CachalotSessionRepository;
import io.cachalot.session.SessionExpirySweeper;
import io.cachalot.spring.embedded.CachalotEmbeddedAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.FlushMode;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servlet side of the session auto-configuration: the repository and Spring Session's
 * filter with nothing written, properties applied, and backing off when asked.
 */
class CachalotHttpSessionAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(CachalotEmbeddedAutoConfiguration.class, DataRedisAutoConfiguration.class,
					CachalotSessionAutoConfiguration.class));

	@Test
	void aServletApplicationGetsTheRepositoryAndTheFilter() {
		this.runner.withPropertyValues("cachalot.session.flush-mode=immediate", "spring.session.timeout=15m")
			.run(context -> {
				assertThat(context).hasSingleBean(SessionRepositoryFilter.class);
				assertThat(context).hasSingleBean(SessionExpirySweeper.class);
				CachalotSessionRepository repository = context.getBean(CachalotSessionRepository.class);
				assertThat(context.getBean(SessionRepository.class)).isSameAs(repository);
				CachalotSession session = repository.createSession();
				assertThat(session.getMaxInactiveInterval()).hasMinutes(15);
				session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "grace");
				// immediate flush: visible without save
				assertThat(repository.findByPrincipalName("grace")).containsOnlyKeys(session.getId());
				assertThat(FlushMode.valueOf("IMMEDIATE")).isEqualTo(FlushMode.IMMEDIATE);
			});
	}

	@Test
	void backsOffWhenDisabledOrOutsideAWebApplication() {
		this.runner.withPropertyValues("cachalot.session.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(CachalotSessionRepository.class));
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CachalotEmbeddedAutoConfiguration.class, DataRedisAutoConfiguration.class,
					CachalotSessionAutoConfiguration.class))
			.run(context -> assertThat(context).doesNotHaveBean(CachalotSessionRepository.class));
	}

}
