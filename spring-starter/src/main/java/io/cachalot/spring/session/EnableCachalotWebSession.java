package io.cachalot.spring.session;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Stores a WebFlux application's sessions in Cachalot's session store on the configured
 * Redis-protocol server (the starter does this by itself unless {@code cachalot.session.enabled}
 * is false; use this where auto-configuration is off).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Documented
@Import(CachalotWebSessionConfiguration.class)
public @interface EnableCachalotWebSession {

}
