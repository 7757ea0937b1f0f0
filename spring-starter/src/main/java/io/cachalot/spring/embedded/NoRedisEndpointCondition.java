package io.cachalot.spring.embedded;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the application names no Redis endpoint of its own: none of
 * {@code spring.data.redis.url}, {@code host}, {@code port} (localhost then),
 * {@code sentinel.nodes} or {@code cluster.nodes} is set, or the embedded server is asked for explicitly.
 */
class NoRedisEndpointCondition extends SpringBootCondition {

	private static final String[] ENDPOINT_PROPERTIES = { "spring.data.redis.url", "spring.data.redis.host",
			"spring.data.redis.port", "spring.data.redis.sentinel.nodes", "spring.data.redis.cluster.nodes" };

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment env = context.getEnvironment();
		if (env.getProperty("cachalot.embedded.enabled", Boolean.class, false)
				&& env.containsProperty("cachalot.embedded.enabled")) {
			return ConditionOutcome.match("cachalot.embedded.enabled is true");
		}
		for (String property : ENDPOINT_PROPERTIES) {
			if (env.containsProperty(property)) {
				return ConditionOutcome.noMatch(property + " names a Redis endpoint");
			}
		}
		return ConditionOutcome.match("no Redis endpoint configured");
	}

}
