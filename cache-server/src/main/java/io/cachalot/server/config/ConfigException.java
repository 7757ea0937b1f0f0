package io.cachalot.server.config;

/** An invalid directive or value; the message is fit for the user (and for CONFIG SET's error). */
public final class ConfigException extends RuntimeException {

	public ConfigException(String message) {
		super(message);
	}

}
