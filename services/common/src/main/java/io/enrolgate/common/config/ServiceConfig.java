package io.enrolgate.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * A service's configuration: a Java properties file of dotted keys ({@code mqtt.server-uri=tcp://broker:1883})
 * whose every key can be overridden by an environment variable, so that one file serves a laptop and a
 * Kubernetes pod whose secrets arrive as environment variables.
 *
 * <p>The variable of a key is {@code ENROLGATE_} followed by the key in upper case with dots and dashes
 * turned into underscores: {@code mqtt.server-uri} → {@code ENROLGATE_MQTT_SERVER_URI}. The override is looked
 * up when the key is read, so a variable also supplies a key the file does not have.
 *
 * <p>Errors name the key, the variable and the file, so that an operator knows what to fix and where.
 * Values are never quoted in errors: a key may be a secret.
 */
public final class ServiceConfig {
    public static final String ENVIRONMENT_PREFIX = "ENROLGATE_";

    private final Map<String, String> fileValues;
    private final Map<String, String> environment;
    private final String source;
    /** "" for the whole file, "mqtt." for the view {@code sub("mqtt")}: keys are read with it prepended. */
    private final String prefix;

    private ServiceConfig(Map<String, String> fileValues, Map<String, String> environment, String source,
            String prefix) {
        this.fileValues = Map.copyOf(fileValues);
        this.environment = Map.copyOf(environment);
        this.source = source;
        this.prefix = prefix;
    }

    /** Reads {@code file} (ISO properties syntax, UTF-8) with the process environment as overrides. */
    public static ServiceConfig load(Path file) {
        return load(file, System.getenv());
    }

    /** Reads {@code file} with {@code environment} as overrides (tests pass their own map). */
    public static ServiceConfig load(Path file, Map<String, String> environment) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key.strip(), properties.getProperty(key).strip()));
        return new ServiceConfig(values, environment, "configuration file " + file, "");
    }

    /** A configuration from values in memory, with {@code environment} as overrides. */
    public static ServiceConfig of(Map<String, String> values, Map<String, String> environment) {
        return new ServiceConfig(values, environment, "the given configuration", "");
    }

    /** The environment variable that overrides {@code key}. */
    public static String environmentVariable(String key) {
        return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The value of {@code key}, the environment first; empty values count as absent. */
    public Optional<String> optional(String key) {
        String fullKey = prefix + key;
        String fromEnvironment = environment.get(environmentVariable(fullKey));
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(fromEnvironment.strip());
        }
        String fromFile = fileValues.get(fullKey);
        return fromFile == null || fromFile.isEmpty() ? Optional.empty() : Optional.of(fromFile);
    }

    public String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    public String required(String key) {
        return optional(key).orElseThrow(() -> new ConfigException(
                where(key) + " is required but is set neither in " + source + " nor in the environment"));
    }

    public int integer(String key, int defaultValue, int min, int max) {
        Optional<String> text = optional(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(where(key) + " is not a whole number");
        }
        if (value < min || value > max) {
            throw new ConfigException(where(key) + " is " + value + ": expected " + min + ".." + max);
        }
        return value;
    }

    public boolean bool(String key, boolean defaultValue) {
        Optional<String> text = optional(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        return switch (text.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException(where(key) + " is not a boolean: expected true or false");
        };
    }

    /**
     * A duration written as ISO-8601 ({@code PT30S}) or as a number with a unit: {@code 500ms}, {@code 30s},
     * {@code 5m}, {@code 1h}.
     */
    public Duration duration(String key, Duration defaultValue) {
        Optional<String> text = optional(key);
        return text.isEmpty() ? defaultValue : parseDuration(key, text.get());
    }

    public Optional<Path> path(String key) {
        return optional(key).map(Path::of);
    }

    /** A view of the keys under {@code section.}: {@code sub("mqtt").required("server-uri")}. */
    public ServiceConfig sub(String section) {
        return new ServiceConfig(fileValues, environment, source, prefix + section + ".");
    }

    private Duration parseDuration(String key, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("pt") || lower.startsWith("p")) {
                return Duration.parse(text);
            }
            if (lower.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2).strip()));
            }
            long amount = Long.parseLong(lower.substring(0, lower.length() - 1).strip());
            return switch (lower.charAt(lower.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new ConfigException(where(key) + " is not a duration: expected e.g. 500ms, 30s, 5m, 1h or PT30S");
        }
    }

    private String where(String key) {
        return "'" + prefix + key + "' (environment " + environmentVariable(prefix + key) + ")";
    }

    @Override
    public String toString() {
        // Keys only: values may be secrets.
        return "ServiceConfig[" + source + (prefix.isEmpty() ? "" : ", section " + prefix) + ", keys="
                + new TreeSet<>(fileValues.keySet()) + "]";
    }
}
