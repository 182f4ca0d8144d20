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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
                config.secret("kek", KeyEncryptionKey::parse), clients(config));
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
            clients.add(checked(section, () -> new PskClient(client.required("kpm-id"),
                    client.secret("psk", (text, source) -> PreSharedKey.fromHex(text)),
                    new OneM2mId(client.required("onem2m-id")), client.bool("source", false))));
        }
        return clients;
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
