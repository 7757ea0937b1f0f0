package io.cachalot.session;

import java.util.Map;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.ReactiveFindByIndexNameSessionRepository;
import org.springframework.util.ClassUtils;

/**
 * The principal name a session is indexed under: the attribute
 * {@link FindByIndexNameSessionRepository#PRINCIPAL_NAME_INDEX_NAME} or its reactive twin
 * {@link ReactiveFindByIndexNameSessionRepository#PRINCIPAL_NAME_INDEX_NAME} (the two
 * constants differ), else the name of the authentication in a Spring Security context stored
 * in the session, else none.
 */
final class PrincipalNames {

	static final String SECURITY_CONTEXT = "SPRING_SECURITY_CONTEXT";

	private static final boolean SECURITY_PRESENT = ClassUtils
		.isPresent("org.springframework.security.core.context.SecurityContext", PrincipalNames.class.getClassLoader());

	private PrincipalNames() {
	}

	/** Whether {@code indexName} is one of the two principal index names. */
	static boolean isPrincipalIndex(String indexName) {
		return FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME.equals(indexName)
				|| ReactiveFindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME.equals(indexName);
	}

	static String of(CachalotSession session) {
		Map<String, Object> attributes = session.attributes();
		for (String name : new String[] { FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME,
				ReactiveFindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME }) {
			Object explicit = attributes.get(name);
			if (explicit != null) {
				return explicit.toString();
			}
		}
		Object context = attributes.get(SECURITY_CONTEXT);
		if (SECURITY_PRESENT && context != null) {
			return SecurityContextName.of(context);
		}
		return null;
	}

	/** Kept apart so the Spring Security types load only when present. */
	private static final class SecurityContextName {

		static String of(Object context) {
			if (context instanceof org.springframework.security.core.context.SecurityContext security
					&& security.getAuthentication() != null) {
				return security.getAuthentication().getName();
			}
			return null;
		}

	}

}
