package io.enrolgate.common.config;

/** A configuration value is missing or malformed; the message names the key and its environment variable. */
public class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
