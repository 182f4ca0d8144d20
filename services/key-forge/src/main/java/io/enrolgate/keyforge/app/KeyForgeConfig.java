package io.enrolgate.keyforge.app;

import io.enrolgate.common.config.ConfigException;
import io.enrolgate.common.config.ServiceConfig;
import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.hpke.HpkePublicKey;
import io.enrolgate.common.mqtt.MqttSettings;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.keyforge.core.ForgeSettings;
import io.enrolgate.keyforge.core.RedeliverySettings;
import io.enrolgate.keyforge.core.RequestValidator;
import io.enrolgate.registry.counter.FrameCounters;
import io.enrolgate.registry.store.RegistryStoreBuilder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * key-forge's configuration, bound from a {@link ServiceConfig} (properties file + {@code ENROLGATE_*}
 * environment overrides). Keys:
 * <pre>
 * instance-id                   this replica's name (default: the host name)
 * mqtt.server-uri               tcp://broker:1883 (required); mqtt.* as in MqttSettings
 * mqtt.session-expiry           default 60s (see DEFAULT_SESSION_EXPIRY)
 * database.url                  jdbc:postgresql://db:5432/registry (default: the embedded H2 file .enrolgate/registry)
 * database.user / .password / .pool-size
 * registry.kek-file             the key-encryption key of the registry's secrets, or
 * registry.kek                  the same inline (for ENROLGATE_REGISTRY_KEK); exactly one of the two
 * provisioning.public-key-file  the X25519 public key that KeyDelivery seals to, or
 * provisioning.public-key       the same inline (base64 or hex); exactly one of the two
 * forge.workers                 worker threads serving requests (default 8)
 * forge.counter-block-size      frame counters reserved per database round trip (default 1000)
 * forge.max-payload-bytes       larger requests are refused unparsed (default 512)
 * forge.redelivery-age          KeyDeliveries of enrolments still KEY_ISSUED this long after their last change
 *                               are published again (default 2m)
 * forge.redelivery-interval     how often this replica looks for them; 0s turns it off (default 30s)
 * forge.redelivery-batch        KeyDeliveries published again per pass at most (default 200)
 * http.host / http.port         health and metrics (default 0.0.0.0:8081)
 * </pre>
 * Key identifiers are the MEF's to assign: key-forge needs no {@code mef.fqdn} (a leftover one is ignored).
 */
public record KeyForgeConfig(
        String instanceId,
        MqttSettings mqtt,
        DatabaseConfig database,
        KeyEncryptionKey keyEncryptionKey,
        HpkePublicKey provisioningKey,
        ForgeSettings forge,
        int workers,
        int counterBlockSize,
        String httpHost,
        int httpPort,
        RedeliverySettings redelivery) {

    /**
     * Long enough to ride out a broker restart or a network blip with the queued requests kept; short enough
     * that a crashed replica's session leaves the shared subscription soon (brokers keep handing an offline
     * member its share, which the gateways then have to retry).
     */
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofSeconds(60);

    /** With the default KeyDelivery redelivery ({@link RedeliverySettings#DEFAULT}). */
    public KeyForgeConfig(String instanceId, MqttSettings mqtt, DatabaseConfig database,
            KeyEncryptionKey keyEncryptionKey, HpkePublicKey provisioningKey, ForgeSettings forge, int workers,
            int counterBlockSize, String httpHost, int httpPort) {
        this(instanceId, mqtt, database, keyEncryptionKey, provisioningKey, forge, workers, counterBlockSize, httpHost,
                httpPort, RedeliverySettings.DEFAULT);
    }

    public static KeyForgeConfig from(ServiceConfig config) {
        String instanceId = config.string("instance-id", hostName());
        try {
            int poolSize = config.integer("database.pool-size", DatabaseConfig.DEFAULT_POOL_SIZE, 1, 500);
            DatabaseConfig database = config.optional("database.url")
                    .map(url -> new DatabaseConfig(url, config.string("database.user", ""),
                            config.string("database.password", ""), poolSize))
                    .orElseGet(() -> DatabaseConfig.h2File(RegistryStoreBuilder.DEFAULT_H2_FILE).withMaximumPoolSize(poolSize));
            return new KeyForgeConfig(
                    instanceId,
                    MqttSettings.fromConfig(config.sub("mqtt"), "key-forge-" + instanceId, DEFAULT_SESSION_EXPIRY),
                    database,
                    config.secret("registry.kek", KeyEncryptionKey::parse),
                    config.secret("provisioning.public-key", HpkePublicKey::parse),
                    new ForgeSettings(instanceId,
                            config.integer("forge.max-payload-bytes", RequestValidator.DEFAULT_MAX_PAYLOAD_BYTES, 64, 65536)),
                    config.integer("forge.workers", 8, 1, 256),
                    config.integer("forge.counter-block-size", FrameCounters.DEFAULT_BLOCK_SIZE, 1, FrameCounters.MAX_BLOCK_SIZE),
                    config.string("http.host", "0.0.0.0"),
                    config.integer("http.port", 8081, 0, 65535),
                    new RedeliverySettings(
                            config.duration("forge.redelivery-age", RedeliverySettings.DEFAULT_AGE),
                            config.duration("forge.redelivery-interval", RedeliverySettings.DEFAULT_INTERVAL),
                            config.integer("forge.redelivery-batch", RedeliverySettings.DEFAULT_BATCH_SIZE, 1, 100_000)));
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "key-forge";
        }
    }

    @Override
    public String toString() {
        return "KeyForgeConfig[instance=" + instanceId + ", " + mqtt + ", " + database + ", provisioning key "
                + provisioningKey.keyId() + ", workers=" + workers + ", counter block=" + counterBlockSize
                + ", redelivery " + (redelivery.enabled() ? "every " + redelivery.interval() + " after "
                        + redelivery.age() : "off") + ", http=" + httpHost + ":" + httpPort + "]";
    }
}
