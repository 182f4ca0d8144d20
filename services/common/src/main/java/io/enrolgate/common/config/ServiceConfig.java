package io.enrolgate.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
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
    /** Appended to a secret's key to name the file that holds it: {@code registry.kek-file}. */
    public static final String SECRET_FILE_SUFFIX = "-file";

    /** Turns the text of a secret into its type (a key, a PSK). */
    @FunctionalInterface
    public interface SecretParser<T> {
        /**
         * Throws IllegalArgumentException saying what was expected, never quoting {@code text}; a message that
         * does not name {@code source} gets it put in front.
         */
        T parse(String text, String source);
    }

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

    /**
     * A secret given either in a file named by {@code <key>-file} (a mounted Kubernetes or Docker secret) or
     * as the value of {@code <key>} itself (usually through its environment variable). Exactly one of the two
     * must be set: were both honoured in some order, a forgotten one could silently win over the one the
     * operator meant. Leading and trailing white space (a file's final newline) is ignored.
     */
    public <T> T secret(String key, SecretParser<T> parser) {
        String fileKey = key + SECRET_FILE_SUFFIX;
        Optional<Path> file = path(fileKey);
        Optional<String> inline = optional(key);
        if (file.isPresent() && inline.isPresent()) {
            throw new ConfigException(where(key) + " and " + where(fileKey) + " are both set: set only one");
        }
        if (file.isPresent()) {
            return parseSecret(parser, readSecretFile(fileKey, file.get()), "file " + file.get() + " from "
                    + where(fileKey));
        }
        String text = inline.orElseThrow(() -> new ConfigException(where(key) + " is required: set it, or "
                + where(fileKey) + " to a file holding it; neither is set in " + source + " nor in the environment"));
        return parseSecret(parser, text, where(key));
    }

    private String readSecretFile(String fileKey, Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(where(fileKey) + ": file " + file + " does not exist", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(where(fileKey) + ": file " + file + " is not text (UTF-8)", e);
        } catch (IOException e) {
            throw new ConfigException(where(fileKey) + ": file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static <T> T parseSecret(SecretParser<T> parser, String text, String source) {
        try {
            return parser.parse(text.strip(), source);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "invalid" : e.getMessage();
            throw new ConfigException(message.contains(source) ? message : source + ": " + message, e);
        }
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
