package io.enrolgate.demo.app;

import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.mef.app.MefConfig;
import io.enrolgate.mef.core.MefPolicy;
import io.enrolgate.mef.core.OneM2mId;
import io.enrolgate.mef.http.HttpLimits;
import io.enrolgate.mef.tls.PskClient;
import io.enrolgate.mef.transport.ListenerSettings;
import io.enrolgate.testfixtures.AcmeCse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration of the services {@link DemoSystem} runs in its JVM. key-forge, provisioning and the serial-bridge
 * get the {@code ServiceConfig} properties their configuration classes read: the keys a deployment's properties file
 * has, so that the demo exercises the same configuration path. The secrets are given as values (not files): nothing
 * of it leaves this process.
 */
final class DemoServiceConfiguration {
    private final String brokerUri;
    private final DatabaseConfig registryDatabase;
    private final DemoSecrets secrets;

    DemoServiceConfiguration(String brokerUri, DatabaseConfig registryDatabase, DemoSecrets secrets) {
        this.brokerUri = brokerUri;
        this.registryDatabase = registryDatabase;
        this.secrets = secrets;
    }

    /** The MEF on ephemeral ports, its database an H2 file, its clients provisioning (the source) and the application. */
    static MefConfig mef(Path database, DemoSecrets secrets) {
        return new MefConfig(
                new ListenerSettings("127.0.0.1", 0, DemoSystem.MEF_FQDN, HttpLimits.DEFAULT, Duration.ofSeconds(10),
                        Duration.ofSeconds(30), 64, 100),
                "127.0.0.1", 0, MefPolicy.DEFAULT, Duration.ofMinutes(1), DatabaseConfig.h2File(database), secrets.mefKek,
                List.of(new PskClient(DemoSystem.PROVISIONING_KPM_ID, secrets.provisioningPsk,
                                new OneM2mId("CEnrolgateProvisioning"), true),
                        new PskClient(DemoSystem.APPLICATION_KPM_ID, secrets.applicationPsk,
                                new OneM2mId(DemoSystem.APPLICATION_AE_ID), false)));
    }

    /** The MQTT keys every service is configured with (ServiceConfig's {@code mqtt.*}). */
    private Map<String, String> mqtt(String clientId) {
        return Map.of("mqtt.server-uri", brokerUri, "mqtt.client-id", clientId, "mqtt.max-reconnect-delay", "1s");
    }

    /** @param instance the replica's name ({@code demo-1}, ...) */
    Map<String, String> keyForge(String instance) {
        Map<String, String> values = new HashMap<>(mqtt("key-forge-" + instance));
        values.put("instance-id", instance);
        values.put("database.url", registryDatabase.jdbcUrl());
        values.put("database.user", registryDatabase.user());
        values.put("database.pool-size", "10");
        values.put("registry.kek", secrets.registryKekHex);
        values.put("provisioning.public-key", secrets.provisioningKey.publicKey().toBase64());
        values.put("mef.fqdn", DemoSystem.MEF_FQDN);
        values.put("http.host", "127.0.0.1");
        values.put("http.port", "0");
        return values;
    }

    /** @param cse the CSE to register the nodes in; without one (ACME not installed) provisioning skips that step */
    Map<String, String> provisioning(String databaseUrl, String mefUrl, Optional<AcmeCse> cse) {
        Map<String, String> values = new HashMap<>(mqtt("provisioning-demo"));
        values.put("instance-id", "demo");
        values.put("database.url", databaseUrl);
        values.put("database.user", "enrolgate");
        values.put("registry.database.url", registryDatabase.jdbcUrl());
        values.put("registry.database.user", registryDatabase.user());
        values.put("registry.kek", secrets.registryKekHex);
        values.put("hpke.private-key", secrets.provisioningPrivateKeyHex);
        values.put("mef.url", mefUrl);
        values.put("mef.fqdn", DemoSystem.MEF_FQDN);
        values.put("mef.psk-identity", DemoSystem.PROVISIONING_KPM_ID);
        values.put("mef.psk", secrets.provisioningPskHex);
        values.put("mef.key-lifetime", "P1D");
        // Without a CSE (ACME not installed) no cse.url: provisioning then skips registering nodes in a CSE.
        cse.ifPresent(c -> {
            values.put("cse.url", c.pointOfAccess().toString());
            values.put("cse.base-name", AcmeCse.CSE_BASE);
        });
        values.put("retry.initial-delay", "500ms");
        values.put("retry.max-delay", "5s");
        values.put("retry.max-attempts", "10");
        values.put("retry.poll-interval", "500ms");
        values.put("http.host", "127.0.0.1");
        values.put("http.port", "0");
        return values;
    }

    /** The serial-bridge on {@code uart} (the gateway simulator's pseudo-terminal, or the real gateway's port). */
    Map<String, String> serialBridge(Path uart) {
        Map<String, String> values = new HashMap<>(mqtt("serial-bridge"));
        values.remove("mqtt.client-id"); // serial-bridge-<gateway IEEE>, once the gateway says HELLO
        values.put("instance-id", "demo");
        values.put("serial.port", uart.toString());
        values.put("serial.reopen-initial", "50ms");
        values.put("serial.reopen-max", "1s");
        values.put("http.host", "127.0.0.1");
        values.put("http.port", "0");
        return values;
    }
}
