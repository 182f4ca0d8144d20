package io.enrolgate.mef.app;

import io.enrolgate.common.config.ConfigException;
import io.enrolgate.common.config.ServiceConfig;
import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.mef.core.MefPolicy;
import io.enrolgate.mef.core.OneM2mId;
import io.enrolgate.mef.http.HttpLimits;
import io.enrolgate.mef.tls.PreSharedKey;
import io.enrolgate.mef.tls.PskClient;
import io.enrolgate.mef.transport.ListenerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The MEF's configuration, read from a properties file whose every key an {@code ENROLGATE_...}
 * environment variable overrides ({@link ServiceConfig}); secrets (PSKs, the key-encryption key, the
 * database password) are best given that way or as files. Keys are listed in services/mef/README.md.
 */
public record MefConfig(
        ListenerSettings listener,
        String adminBindAddress,
        int adminPort,
        MefPolicy policy,
        Duration reapInterval,
        DatabaseConfig database,
        KeyEncryptionKey keyEncryptionKey,
        List<PskClient> clients) {

    public static MefConfig load(Path file) {
        return from(ServiceConfig.load(file));
    }

    public static MefConfig from(ServiceConfig config) {
        ServiceConfig mef = config.sub("mef");
        ListenerSettings listener = new ListenerSettings(
                mef.string("bind-address", "0.0.0.0"),
                mef.integer("port", 8443, 0, 65535),
                checked("mef.fqdn", () -> KeyIdentifier.Fqdn.check(mef.required("fqdn"))),
                HttpLimits.DEFAULT,
                mef.duration("handshake-timeout", Duration.ofSeconds(10)),
                mef.duration("request-timeout", Duration.ofSeconds(30)),
                mef.integer("max-connections", 64, 1, 10_000),
                mef.integer("max-requests-per-connection", 100, 1, 100_000));
        MefPolicy policy = checked("mef.default-lifetime / mef.max-lifetime", () -> new MefPolicy(
                mef.duration("default-lifetime", MefPolicy.DEFAULT.defaultLifetime()),
                mef.duration("max-lifetime", MefPolicy.DEFAULT.maxLifetime())));
        ServiceConfig admin = config.sub("admin");
        ServiceConfig database = config.sub("database");
        DatabaseConfig databaseConfig = checked("database.url", () -> new DatabaseConfig(database.required("url"),
                database.string("user", ""), database.string("password", ""),
                database.integer("pool-size", DatabaseConfig.DEFAULT_POOL_SIZE, 1, 1000)));
        return new MefConfig(listener, admin.string("bind-address", "0.0.0.0"), admin.integer("port", 9464, 0, 65535),
                policy, mef.duration("reap-interval", Duration.ofMinutes(1)), databaseConfig,
                keyEncryptionKey(config), clients(config));
    }

    /** {@code kek} (text, e.g. from ENROLGATE_KEK) or {@code kek-file} (a secret file). */
    private static KeyEncryptionKey keyEncryptionKey(ServiceConfig config) {
        Optional<String> text = config.optional("kek");
        if (text.isPresent()) {
            return checked("kek", () -> KeyEncryptionKey.parse(text.get(), "'kek' (environment "
                    + ServiceConfig.environmentVariable("kek") + ")"));
        }
        Path file = config.path("kek-file").orElseThrow(() -> new ConfigException("the key-encryption key is"
                + " required: set 'kek' (environment " + ServiceConfig.environmentVariable("kek")
                + ") or 'kek-file' (environment " + ServiceConfig.environmentVariable("kek-file") + ")"));
        return checked("kek-file", () -> KeyEncryptionKey.fromFile(file));
    }

    /**
     * {@code clients=provisioning,app-a} names the sections {@code client.provisioning.*}, each with
     * {@code kpm-id}, {@code onem2m-id}, {@code psk} (hex) or {@code psk-file}, and {@code source}.
     */
    private static List<PskClient> clients(ServiceConfig config) {
        List<PskClient> clients = new ArrayList<>();
        for (String name : config.required("clients").split(",")) {
            String section = "client." + name.strip();
            ServiceConfig client = config.sub(section);
            clients.add(checked(section, () -> new PskClient(client.required("kpm-id"), psk(client, section),
                    new OneM2mId(client.required("onem2m-id")), client.bool("source", false))));
        }
        return clients;
    }

    private static PreSharedKey psk(ServiceConfig client, String section) {
        Optional<String> text = client.optional("psk");
        if (text.isPresent()) {
            return PreSharedKey.fromHex(text.get());
        }
        Path file = client.path("psk-file").orElseThrow(() -> new ConfigException(section + " has no PSK: set '"
                + section + ".psk' (environment " + ServiceConfig.environmentVariable(section + ".psk") + ") or '"
                + section + ".psk-file'"));
        try {
            return PreSharedKey.fromHex(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new ConfigException(section + ".psk-file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Runs a validation, turning its IllegalArgumentException into a ConfigException naming the key. */
    private static <T> T checked(String key, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("configuration '" + key + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        // Secrets stay out: the KEK shows its id, PSKs are redacted by their own types, the DB password by its.
        return "MefConfig[" + listener + ", admin " + adminBindAddress + ":" + adminPort + ", " + policy + ", "
                + database + ", " + keyEncryptionKey + ", clients " + clients + "]";
    }
}
