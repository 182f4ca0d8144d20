package io.enrolgate.provisioning.app;

import io.enrolgate.common.config.ConfigException;
import io.enrolgate.common.config.ServiceConfig;
import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.hpke.HpkePrivateKey;
import io.enrolgate.common.mqtt.MqttSettings;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.mef.client.MefClientSettings;
import io.enrolgate.mef.tls.PreSharedKey;
import io.enrolgate.provisioning.core.ProvisioningSettings;
import io.enrolgate.provisioning.core.RetryPolicy;
import io.enrolgate.provisioning.onem2m.CseSettings;
import io.enrolgate.provisioning.onem2m.NodeNaming;
import io.enrolgate.registry.store.RegistryStoreBuilder;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * provisioning's configuration, bound from a {@link ServiceConfig} (properties file + {@code ENROLGATE_*}
 * environment overrides: {@code mef.psk} → {@code ENROLGATE_MEF_PSK}). Keys:
 * <pre>
 * instance-id                    this replica's name: MQTT client id and lease owner (default: the host name);
 *                                stable across its restarts, unique among replicas
 * mqtt.server-uri                tcp://broker:1883 (required); mqtt.* as in MqttSettings
 * mqtt.session-expiry            default P1D (see DEFAULT_SESSION_EXPIRY)
 * database.url / .user / .password / .pool-size
 *                                provisioning's work tables (default: the H2 file .enrolgate/provisioning)
 * registry.database.url / .user / .password
 *                                the device registry (default: the H2 file .enrolgate/registry)
 * registry.kek-file | registry.kek   the registry's key-encryption key (secrets: a file or the value, exactly one)
 * hpke.private-key-file | hpke.private-key
 *                                the X25519 private key that opens KeyDeliveries (base64 or hex)
 * mef.url                        https://mef:8443 (required)
 * mef.fqdn                       the MEF's FQDN, for SNI and key identifiers (default: the URL's host)
 * mef.psk-identity               provisioning's KpmID at the MEF (required)
 * mef.psk-file | mef.psk         its PSK, hex (required)
 * mef.key-lifetime               expirationTime asked for a key registration (default P365D)
 * mef.provisional-lifetime       lifetime of a registration until confirmed (default 10m)
 * mef.keep-alive                 keep connections to the MEF open between requests (default true): no TLS-PSK
 *                                handshake per request
 * cse.url                        the CSE's HTTP point of access, http://cse:8080; absent: nodes are not
 *                                registered in a CSE (the step is skipped, everything else is done)
 * cse.base-name                  the CSEBase resource name (default cse-in)
 * cse.release-version            X-M2M-RVI (default 3)
 * cse.request-timeout            (default 10s)
 * cse.ae-id-prefix               node AE-ID = prefix + IEEE hex; the originator of its requests (default Czigbee-)
 * cse.ae-name-prefix             node AE resource name = prefix + IEEE hex (default zigbee-)
 * cse.app-id                     App-ID of node AEs (default Nenrolgate.zigbee)
 * cse.container-name             the node's data container (default data)
 * retry.initial-delay / .max-delay / .max-attempts   back-off (defaults 1s, 5m, 20)
 * retry.poll-interval            how often due work is looked for (default 1s)
 * retry.lease                    how long a replica holds an item without progress (default 2m)
 * provisioning.concurrency       deliveries worked on at once (default 8; see DEFAULT_CONCURRENCY); also the
 *                                default of mqtt.receive-maximum. {@code workers} is its former name, still read
 * http.host / http.port          health and metrics (default 0.0.0.0:8083: key-forge has 8081, serial-bridge 8082)
 * </pre>
 */
public record ProvisioningConfig(
        String instanceId,
        MqttSettings mqtt,
        DatabaseConfig database,
        DatabaseConfig registryDatabase,
        KeyEncryptionKey registryKek,
        HpkePrivateKey privateKey,
        MefClientSettings mef,
        boolean mefKeepAlive,
        Optional<CseSettings> cse,
        NodeNaming naming,
        ProvisioningSettings settings,
        Duration pollInterval,
        int concurrency,
        String httpHost,
        int httpPort) {

    public static final Path DEFAULT_H2_FILE = Path.of(".enrolgate", "provisioning");
    /**
     * How long the broker keeps a replica's session, and the KeyDeliveries queued for it, after the replica went
     * away without a clean stop. KeyDeliveries are not sent again by key-forge, so this is long: a crashed replica
     * that comes back under its instance id (a StatefulSet pod, a systemd unit) within it loses nothing. A replica
     * removed for good must be stopped cleanly, which ends its session at once (see README).
     */
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofDays(1);
    /** Health and metrics: not key-forge's 8081 nor serial-bridge's 8082, which may run on the same host. */
    public static final int DEFAULT_HTTP_PORT = 8083;
    /**
     * Deliveries worked on at once. A delivery spends nearly all its time waiting for the MEF and the CSE, so a
     * replica on two cores keeps several going; measured with ProvisioningLoadSeriesTest (the ACME CSE serializes
     * its requests: beyond that, more only queues there).
     */
    public static final int DEFAULT_CONCURRENCY = 8;

    public static ProvisioningConfig load(Path file) {
        return from(ServiceConfig.load(file));
    }

    public static ProvisioningConfig from(ServiceConfig config) {
        String instanceId = config.string("instance-id", hostName());
        try {
            int poolSize = config.integer("database.pool-size", DatabaseConfig.DEFAULT_POOL_SIZE, 1, 500);
            DatabaseConfig database = config.optional("database.url")
                    .map(url -> new DatabaseConfig(url, config.string("database.user", ""),
                            config.string("database.password", ""), poolSize))
                    .orElseGet(() -> DatabaseConfig.h2File(DEFAULT_H2_FILE).withMaximumPoolSize(poolSize));
            DatabaseConfig registryDatabase = config.optional("registry.database.url")
                    .map(url -> DatabaseConfig.of(url, config.string("registry.database.user", ""),
                            config.string("registry.database.password", "")))
                    .orElseGet(() -> DatabaseConfig.h2File(RegistryStoreBuilder.DEFAULT_H2_FILE));
            URI mefUrl = URI.create(config.required("mef.url"));
            MefClientSettings mef = MefClientSettings.of(mefUrl.toString(), config.string("mef.fqdn", null),
                    config.required("mef.psk-identity"), config.secret("mef.psk", (text, source) -> PreSharedKey.fromHex(text)));
            Optional<CseSettings> cse = config.optional("cse.url").map(url -> new CseSettings(URI.create(url),
                    config.string("cse.base-name", "cse-in"), config.string("cse.release-version", "3"),
                    config.duration("cse.request-timeout", Duration.ofSeconds(10))));
            int concurrency = config.integer("provisioning.concurrency",
                    config.integer("workers", DEFAULT_CONCURRENCY, 1, 256), 1, 256);
            MqttSettings mqtt = MqttSettings.fromConfig(config.sub("mqtt"), "provisioning-" + instanceId,
                    DEFAULT_SESSION_EXPIRY);
            if (config.optional("mqtt.receive-maximum").isEmpty()) {
                // Unacknowledged deliveries in flight to this replica: as many as it works on at once.
                mqtt = mqtt.withReceiveMaximum(concurrency);
            }
            NodeNaming defaults = NodeNaming.defaults();
            NodeNaming naming = new NodeNaming(config.string("cse.ae-id-prefix", defaults.aeIdPrefix()),
                    config.string("cse.ae-name-prefix", defaults.aeNamePrefix()),
                    config.string("cse.app-id", defaults.appId()),
                    config.string("cse.container-name", defaults.containerName()));
            RetryPolicy retry = new RetryPolicy(config.duration("retry.initial-delay", Duration.ofSeconds(1)),
                    config.duration("retry.max-delay", Duration.ofMinutes(5)),
                    config.integer("retry.max-attempts", 20, 1, 1_000_000));
            ProvisioningSettings settings = new ProvisioningSettings(instanceId,
                    config.duration("mef.key-lifetime", Duration.ofDays(365)),
                    config.duration("mef.provisional-lifetime", Duration.ofMinutes(10)),
                    config.duration("retry.lease", Duration.ofMinutes(2)), retry);
            return new ProvisioningConfig(
                    instanceId,
                    mqtt,
                    database,
                    registryDatabase,
                    config.secret("registry.kek", KeyEncryptionKey::parse),
                    config.secret("hpke.private-key", HpkePrivateKey::parse),
                    mef,
                    config.bool("mef.keep-alive", true),
                    cse,
                    naming,
                    settings,
                    config.duration("retry.poll-interval", Duration.ofSeconds(1)),
                    concurrency,
                    config.string("http.host", "0.0.0.0"),
                    config.integer("http.port", DEFAULT_HTTP_PORT, 0, 65535));
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
            return "provisioning";
        }
    }

    @Override
    public String toString() {
        return "ProvisioningConfig[instance=" + instanceId + ", " + mqtt + ", work " + database + ", registry "
                + registryDatabase + ", HPKE key " + privateKey.keyId() + ", MEF " + mef.host() + ":" + mef.port()
                + " (" + mef.mefFqdn() + ") as " + mef.kpmId() + (mefKeepAlive ? " (keep-alive)" : "") + ", "
                + cse.map(c -> "CSE " + c.pointOfAccess() + "/" + c.cseBaseName()).orElse("no CSE") + ", " + naming
                + ", retry " + settings.retry() + ", concurrency=" + concurrency
                + ", http=" + httpHost + ":" + httpPort + "]";
    }
}
