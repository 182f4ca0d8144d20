package io.enrolgate.provisioning.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.common.config.ConfigException;
import io.enrolgate.common.config.ServiceConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvisioningConfigTest {
    private static final String PSK = "00112233445566778899aabbccddeeff";
    private static final String KEK = "000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f";
    private static final String PRIVATE_KEY = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";

    private static Map<String, String> minimal() {
        return new HashMap<>(Map.of(
                "instance-id", "prov-1",
                "mqtt.server-uri", "tcp://broker:1883",
                "registry.kek", KEK,
                "hpke.private-key", PRIVATE_KEY,
                "mef.url", "https://10.0.0.5:8443",
                "mef.fqdn", "mef.example.com",
                "mef.psk-identity", "kpm-provisioning",
                "cse.url", "http://cse:8080"));
    }

    @Test
    void bindsDefaultsAndEnvironmentOverrides() {
        ProvisioningConfig config = ProvisioningConfig.from(ServiceConfig.of(minimal(),
                Map.of("ENROLGATE_MEF_PSK", PSK, "ENROLGATE_CSE_AE_ID_PREFIX", "Cnode-")));
        assertThat(config.mqtt().clientId()).isEqualTo("provisioning-prov-1");
        assertThat(config.mef().host()).isEqualTo("10.0.0.5");
        assertThat(config.mef().mefFqdn()).isEqualTo("mef.example.com");
        assertThat(config.cse()).hasValueSatisfying(cse -> {
            assertThat(cse.cseBaseName()).isEqualTo("cse-in");
            assertThat(cse.releaseVersion()).isEqualTo("3");
        });
        assertThat(config.concurrency()).isEqualTo(ProvisioningConfig.DEFAULT_CONCURRENCY);
        // As many deliveries in flight from the broker as are worked on at once.
        assertThat(config.mqtt().receiveMaximum()).isEqualTo(ProvisioningConfig.DEFAULT_CONCURRENCY);
        assertThat(config.mefKeepAlive()).isTrue();
        assertThat(config.naming().aeIdPrefix()).isEqualTo("Cnode-");
        assertThat(config.naming().appId()).isEqualTo("Nenrolgate.zigbee");
        assertThat(config.settings().owner()).isEqualTo("prov-1");
        assertThat(config.settings().keyLifetime()).isEqualTo(Duration.ofDays(365));
        assertThat(config.settings().retry().maxAttempts()).isEqualTo(20);
        assertThat(config.database().jdbcUrl()).contains(".enrolgate/provisioning");
        assertThat(config.registryDatabase().jdbcUrl()).contains(".enrolgate/registry");
        // Not serial-bridge's 8082 (nor key-forge's 8081): they may share a host.
        assertThat(config.httpPort()).isEqualTo(8083);
        // Secrets never appear in what is logged.
        assertThat(config.toString()).doesNotContain(PSK, KEK, PRIVATE_KEY, "77076d0a");
    }

    @Test
    void withoutCseUrlNoCseIsConfiguredAndTheLogSaysSo() {
        Map<String, String> values = minimal();
        values.remove("cse.url");
        values.put("mef.psk", PSK);
        ProvisioningConfig config = ProvisioningConfig.from(ServiceConfig.of(values, Map.of()));
        assertThat(config.cse()).isEmpty();
        assertThat(config.toString()).contains("no CSE");
    }

    @Test
    void concurrencyKeepAliveAndReceiveMaximumCanBeSet() {
        Map<String, String> values = minimal();
        values.put("mef.psk", PSK);
        values.put("provisioning.concurrency", "3");
        values.put("mef.keep-alive", "false");
        ProvisioningConfig config = ProvisioningConfig.from(ServiceConfig.of(values, Map.of()));
        assertThat(config.concurrency()).isEqualTo(3);
        assertThat(config.mqtt().receiveMaximum()).isEqualTo(3);
        assertThat(config.mefKeepAlive()).isFalse();

        values.put("mqtt.receive-maximum", "50");
        assertThat(ProvisioningConfig.from(ServiceConfig.of(values, Map.of())).mqtt().receiveMaximum()).isEqualTo(50);

        // The former name of the key is still read, the new one wins.
        values.remove("provisioning.concurrency");
        values.put("workers", "5");
        assertThat(ProvisioningConfig.from(ServiceConfig.of(values, Map.of())).concurrency()).isEqualTo(5);
        values.put("provisioning.concurrency", "6");
        assertThat(ProvisioningConfig.from(ServiceConfig.of(values, Map.of())).concurrency()).isEqualTo(6);
    }

    @Test
    void theExamplePropertiesUseTheDefaultHttpPort() throws Exception {
        java.util.Properties example = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("provisioning.example.properties"))) {
            example.load(in);
        }
        assertThat(example.getProperty("http.port")).isEqualTo(Integer.toString(ProvisioningConfig.DEFAULT_HTTP_PORT));
    }

    @Test
    void namesWhatIsMissingOrWrong() {
        Map<String, String> values = minimal();
        assertThatThrownBy(() -> ProvisioningConfig.from(ServiceConfig.of(values, Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ENROLGATE_MEF_PSK");
        values.put("mef.psk", "zz");
        assertThatThrownBy(() -> ProvisioningConfig.from(ServiceConfig.of(values, Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mef.psk").hasMessageNotContaining("zz");
        values.put("mef.psk", PSK);
        values.remove("hpke.private-key");
        assertThatThrownBy(() -> ProvisioningConfig.from(ServiceConfig.of(values, Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ENROLGATE_HPKE_PRIVATE_KEY");
        values.put("hpke.private-key", PRIVATE_KEY);
        values.put("cse.url", "ftp://cse");
        assertThatThrownBy(() -> ProvisioningConfig.from(ServiceConfig.of(values, Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http://host:port");
        values.put("cse.url", "http://cse:8080");
        values.put("provisioning.concurrency", "0");
        assertThatThrownBy(() -> ProvisioningConfig.from(ServiceConfig.of(values, Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("provisioning.concurrency")
                .hasMessageContaining("1..256");
        values.put("provisioning.concurrency", "many");
        assertThatThrownBy(() -> ProvisioningConfig.from(ServiceConfig.of(values, Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("provisioning.concurrency");
        values.remove("provisioning.concurrency");
        values.put("mef.keep-alive", "perhaps");
        assertThatThrownBy(() -> ProvisioningConfig.from(ServiceConfig.of(values, Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mef.keep-alive");
        values.remove("mef.keep-alive");
        values.put("mef.provisional-lifetime", "P400D");
        assertThatThrownBy(() -> ProvisioningConfig.from(ServiceConfig.of(values, Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("provisional lifetime");
    }
}
