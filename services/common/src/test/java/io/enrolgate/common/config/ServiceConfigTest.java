package io.enrolgate.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceConfigTest {

    @Test
    void readsTheFileAndLetsTheEnvironmentOverrideIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key-forge.properties");
        Files.writeString(file, """
                # comment
                mqtt.server-uri = tcp://broker:1883
                mqtt.session-expiry = 5m
                http.port = 8080
                database.password = from-file
                """);
        ServiceConfig config = ServiceConfig.load(file, Map.of(
                "ENROLGATE_HTTP_PORT", "9090",
                "ENROLGATE_DATABASE_PASSWORD", "from-env",
                "ENROLGATE_MQTT_CLIENT_ID", "replica-1"));

        assertThat(config.integer("http.port", 0, 0, 65535)).isEqualTo(9090);
        assertThat(config.required("database.password")).isEqualTo("from-env");
        ServiceConfig mqtt = config.sub("mqtt");
        assertThat(mqtt.required("server-uri")).isEqualTo("tcp://broker:1883");
        assertThat(mqtt.duration("session-expiry", Duration.ZERO)).isEqualTo(Duration.ofMinutes(5));
        assertThat(mqtt.string("client-id", "default")).isEqualTo("replica-1");
        assertThat(mqtt.string("username", "none")).isEqualTo("none");
        assertThat(config.toString()).doesNotContain("from-file").doesNotContain("from-env");
    }

    @Test
    void errorsNameTheKeyAndItsVariableButNotTheValue() {
        ServiceConfig config = ServiceConfig.of(Map.of("http.port", "eighty", "mqtt.keep-alive", "soon",
                "flag", "maybe"), Map.of());

        assertThatThrownBy(() -> config.integer("http.port", 0, 0, 65535))
                .hasMessageContaining("'http.port'").hasMessageContaining("ENROLGATE_HTTP_PORT")
                .hasMessageNotContaining("eighty");
        assertThatThrownBy(() -> config.sub("mqtt").duration("keep-alive", Duration.ZERO))
                .hasMessageContaining("'mqtt.keep-alive'").hasMessageContaining("ENROLGATE_MQTT_KEEP_ALIVE");
        assertThatThrownBy(() -> config.sub("mqtt").required("server-uri"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ENROLGATE_MQTT_SERVER_URI");
        assertThatThrownBy(() -> config.bool("flag", false)).hasMessageContaining("not a boolean");
        assertThatThrownBy(() -> ServiceConfig.of(Map.of("n", "70000"), Map.of()).integer("n", 0, 0, 65535))
                .hasMessageContaining("is 70000: expected 0..65535");
        assertThatThrownBy(() -> ServiceConfig.load(Path.of("/nonexistent.properties")))
                .hasMessageContaining("does not exist");
    }

    @Test
    void parsesDurationsInBothForms() {
        ServiceConfig config = ServiceConfig.of(Map.of("a", "500ms", "b", "PT2S", "c", "1h"), Map.of());
        assertThat(config.duration("a", null)).isEqualTo(Duration.ofMillis(500));
        assertThat(config.duration("b", null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.duration("c", null)).isEqualTo(Duration.ofHours(1));
        assertThat(config.duration("missing", Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    }
}
