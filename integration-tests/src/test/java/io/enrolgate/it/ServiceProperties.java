package io.enrolgate.it;

import io.enrolgate.testfixtures.AcmeCse;
import java.util.Map;

/**
 * The properties file of each service of the {@link DistributedSystem}, as deploy/compose has them: addresses,
 * database users, and where each secret file is. The secrets themselves never appear here (they are files or
 * {@code ENROLGATE_*} variables), so the files may be read in the logs of a failed run.
 */
final class ServiceProperties {
    private ServiceProperties() {
    }

    static Map<String, String> mef(DistributedSystem system) {
        return Map.ofEntries(
                Map.entry("mef.fqdn", DistributedSystem.MEF_FQDN),
                Map.entry("mef.bind-address", "127.0.0.1"),
                Map.entry("mef.port", Integer.toString(system.mefPort)),
                Map.entry("admin.bind-address", "127.0.0.1"),
                Map.entry("admin.port", Integer.toString(system.mefAdminPort)),
                Map.entry("database.url", system.mefDatabaseUrl),
                Map.entry("database.user", system.postgres.user()),
                Map.entry("database.pool-size", "4"),
                Map.entry("kek-file", system.secrets.mefKekFile.toString()),
                Map.entry("clients", "provisioning,app"),
                Map.entry("client.provisioning.kpm-id", DistributedSystem.PROVISIONING_KPM_ID),
                Map.entry("client.provisioning.onem2m-id", "CEnrolgateProvisioning"),
                Map.entry("client.provisioning.source", "true"),
                Map.entry("client.provisioning.psk-file", system.secrets.provisioningPskFile.toString()),
                Map.entry("client.app.kpm-id", DistributedSystem.APPLICATION_KPM_ID),
                Map.entry("client.app.onem2m-id", DistributedSystem.APPLICATION_AE_ID),
                Map.entry("client.app.psk-file", system.secrets.applicationPskFile.toString()));
    }

    /** @param instance 1, 2, ...: the replica's number */
    static Map<String, String> keyForge(DistributedSystem system, int instance, int httpPort) {
        return Map.ofEntries(
                Map.entry("instance-id", "key-forge-" + instance),
                Map.entry("mqtt.server-uri", system.broker.serverUri()),
                Map.entry("mqtt.username", "key-forge"),
                Map.entry("mqtt.session-expiry", "60s"),
                Map.entry("mqtt.receive-maximum", "64"),
                Map.entry("mqtt.max-reconnect-delay", "1s"),
                Map.entry("database.url", system.registryUrl),
                Map.entry("database.user", system.postgres.user()),
                Map.entry("database.pool-size", "8"),
                Map.entry("registry.kek-file", system.secrets.registryKekFile.toString()),
                Map.entry("provisioning.public-key", system.secrets.provisioningPublicKey),
                Map.entry("forge.workers", "8"),
                Map.entry("http.host", "127.0.0.1"),
                Map.entry("http.port", Integer.toString(httpPort)));
    }

    static Map<String, String> provisioning(DistributedSystem system) {
        return Map.ofEntries(
                Map.entry("instance-id", "provisioning-1"),
                Map.entry("mqtt.server-uri", system.broker.serverUri()),
                Map.entry("mqtt.username", "provisioning"),
                Map.entry("mqtt.session-expiry", "10m"),
                Map.entry("mqtt.max-reconnect-delay", "1s"),
                Map.entry("database.url", system.provisioningDatabaseUrl),
                Map.entry("database.user", system.postgres.user()),
                Map.entry("database.pool-size", "5"),
                Map.entry("registry.database.url", system.registryUrl),
                Map.entry("registry.database.user", system.postgres.user()),
                Map.entry("registry.kek-file", system.secrets.registryKekFile.toString()),
                Map.entry("hpke.private-key-file", system.secrets.provisioningPrivateKeyFile.toString()),
                Map.entry("mef.url", "https://127.0.0.1:" + system.mefPort),
                Map.entry("mef.fqdn", DistributedSystem.MEF_FQDN),
                Map.entry("mef.psk-identity", DistributedSystem.PROVISIONING_KPM_ID),
                Map.entry("mef.psk-file", system.secrets.provisioningPskFile.toString()),
                Map.entry("cse.url", system.cse.pointOfAccess().toString()),
                Map.entry("cse.base-name", AcmeCse.CSE_BASE),
                Map.entry("retry.initial-delay", "500ms"),
                Map.entry("retry.max-delay", "5s"),
                Map.entry("retry.poll-interval", "500ms"),
                Map.entry("provisioning.concurrency", "8"),
                Map.entry("http.host", "127.0.0.1"),
                Map.entry("http.port", Integer.toString(system.provisioningPort)));
    }
}
