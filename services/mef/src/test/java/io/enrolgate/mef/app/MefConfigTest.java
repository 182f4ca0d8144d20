package io.enrolgate.mef.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.common.config.ConfigException;
import io.enrolgate.common.config.ServiceConfig;
import io.enrolgate.mef.core.OneM2mId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MefConfigTest {
    private static final String KEK = "000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f";
    private static final String PSK = "00112233445566778899aabbccddeeff";

    @TempDir
    Path directory;

    private static Map<String, String> minimal() {
        Map<String, String> values = new HashMap<>();
        values.put("mef.fqdn", "mef.example.com");
        values.put("database.url", "jdbc:h2:mem:mef-config");
        values.put("kek", KEK);
        values.put("clients", "provisioning, app");
        values.put("client.provisioning.kpm-id", "kpm-provisioning");
        values.put("client.provisioning.psk", PSK);
        values.put("client.provisioning.onem2m-id", "CProvisioning");
        values.put("client.provisioning.source", "true");
        values.put("client.app.kpm-id", "kpm-app");
        values.put("client.app.psk", PSK);
        values.put("client.app.onem2m-id", "CApp");
        return values;
    }

    @Test
    void readsAFileWithDefaults() throws Exception {
        Path file = directory.resolve("mef.properties");
        StringBuilder text = new StringBuilder();
        minimal().forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(file, text);

        MefConfig config = MefConfig.load(file);

        assertThat(config.listener().mefFqdn()).isEqualTo("mef.example.com");
        assertThat(config.listener().port()).isEqualTo(8443);
        assertThat(config.adminPort()).isEqualTo(9464);
        assertThat(config.reapInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.clients()).hasSize(2);
        assertThat(config.clients().get(0).sourceClient()).isTrue();
        assertThat(config.clients().get(1).clientId()).isEqualTo(new OneM2mId("CApp"));
        assertThat(config.clients().get(1).sourceClient()).isFalse();
        assertThat(config.toString()).doesNotContain(KEK).doesNotContain(PSK);
    }

    @Test
    void environmentVariablesOverrideTheFile() {
        MefConfig config = MefConfig.from(ServiceConfig.of(minimal(), Map.of(
                "ENROLGATE_MEF_PORT", "9443",
                "ENROLGATE_CLIENT_APP_ONEM2M_ID", "CAppFromEnv",
                "ENROLGATE_MEF_MAX_LIFETIME", "P30D",
                "ENROLGATE_MEF_DEFAULT_LIFETIME", "P7D")));

        assertThat(config.listener().port()).isEqualTo(9443);
        assertThat(config.clients().get(1).clientId()).isEqualTo(new OneM2mId("CAppFromEnv"));
        assertThat(config.policy().maxLifetime()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void aPskCanComeFromAFile() throws Exception {
        Map<String, String> values = minimal();
        values.remove("client.app.psk");
        Path pskFile = directory.resolve("app.psk");
        Files.writeString(pskFile, PSK + "\n");
        values.put("client.app.psk-file", pskFile.toString());

        assertThat(MefConfig.from(ServiceConfig.of(values, Map.of())).clients()).hasSize(2);
    }

    @Test
    void errorsNameTheKeyAndNeverTheSecret() {
        Map<String, String> badPsk = minimal();
        badPsk.put("client.app.psk", "00112233445566778899aabbccddeeZZ");
        Map<String, String> shortPsk = minimal();
        shortPsk.put("client.app.psk", "0011");
        Map<String, String> noFqdn = minimal();
        noFqdn.remove("mef.fqdn");
        Map<String, String> badFqdn = minimal();
        badFqdn.put("mef.fqdn", "mef_example");
        Map<String, String> noKek = minimal();
        noKek.remove("kek");
        Map<String, String> noPsk = minimal();
        noPsk.remove("client.app.psk");

        assertThatThrownBy(() -> MefConfig.from(ServiceConfig.of(badPsk, Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("client.app")
                .hasMessageContaining("not a hex digit").hasMessageNotContaining("00112233");
        assertThatThrownBy(() -> MefConfig.from(ServiceConfig.of(shortPsk, Map.of())))
                .hasMessageContaining("16 to 64 bytes, got 2 bytes");
        assertThatThrownBy(() -> MefConfig.from(ServiceConfig.of(noFqdn, Map.of())))
                .hasMessageContaining("mef.fqdn").hasMessageContaining("ENROLGATE_MEF_FQDN");
        assertThatThrownBy(() -> MefConfig.from(ServiceConfig.of(badFqdn, Map.of())))
                .hasMessageContaining("not a host name");
        assertThatThrownBy(() -> MefConfig.from(ServiceConfig.of(noKek, Map.of())))
                .hasMessageContaining("ENROLGATE_KEK");
        assertThatThrownBy(() -> MefConfig.from(ServiceConfig.of(noPsk, Map.of())))
                .hasMessageContaining("ENROLGATE_CLIENT_APP_PSK");
    }

    @Test
    void aKpmIdConfiguredTwiceIsRefusedWhenTheClientsAreBuilt() {
        Map<String, String> values = minimal();
        values.put("client.app.kpm-id", "kpm-provisioning");

        MefConfig config = MefConfig.from(ServiceConfig.of(values, Map.of()));

        assertThatThrownBy(() -> new io.enrolgate.mef.tls.PskClients(config.clients()))
                .hasMessageContaining("kpm-provisioning").hasMessageContaining("twice");
    }
}
