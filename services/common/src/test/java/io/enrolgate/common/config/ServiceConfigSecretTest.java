package io.enrolgate.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ServiceConfig#secret}: a secret from {@code <key>-file} or {@code <key>}, and only from one of them. */
class ServiceConfigSecretTest {
    private static final String SECRET = "00112233445566778899aabbccddeeff";

    /** A 16-byte hex secret, as the key types parse theirs: the message names the source, never the text. */
    private static byte[] sixteenBytes(String text, String source) {
        if (!text.matches("[0-9a-fA-F]{32}")) {
            throw new IllegalArgumentException("secret from " + source + " (" + text.length()
                    + " characters): expected 32 hex digits");
        }
        return HexFormat.of().parseHex(text);
    }

    @Test
    void readsTheSecretFromItsFileIgnoringTheFinalNewline(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kek");
        Files.writeString(file, SECRET + "\n");
        ServiceConfig config = ServiceConfig.of(Map.of("registry.kek-file", file.toString()), Map.of());

        assertThat(config.secret("registry.kek", ServiceConfigSecretTest::sixteenBytes))
                .isEqualTo(HexFormat.of().parseHex(SECRET));
    }

    @Test
    void readsTheSecretFromTheValueOrItsEnvironmentVariable() {
        ServiceConfig fromFile = ServiceConfig.of(Map.of("registry.kek", SECRET), Map.of());
        ServiceConfig fromEnvironment = ServiceConfig.of(Map.of(), Map.of("ENROLGATE_REGISTRY_KEK", SECRET));

        assertThat(fromFile.secret("registry.kek", ServiceConfigSecretTest::sixteenBytes))
                .isEqualTo(HexFormat.of().parseHex(SECRET));
        assertThat(fromEnvironment.sub("registry").secret("kek", ServiceConfigSecretTest::sixteenBytes))
                .isEqualTo(HexFormat.of().parseHex(SECRET));
    }

    @Test
    void bothTheFileAndTheValueAreRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kek");
        Files.writeString(file, SECRET);
        ServiceConfig config = ServiceConfig.of(Map.of("registry.kek-file", file.toString()),
                Map.of("ENROLGATE_REGISTRY_KEK", SECRET));

        assertThatThrownBy(() -> config.secret("registry.kek", ServiceConfigSecretTest::sixteenBytes))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'registry.kek' (environment ENROLGATE_REGISTRY_KEK)")
                .hasMessageContaining("'registry.kek-file' (environment ENROLGATE_REGISTRY_KEK_FILE)")
                .hasMessageContaining("set only one")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void neitherNamesBothKeysAndTheirVariables() {
        ServiceConfig config = ServiceConfig.of(Map.of(), Map.of());

        assertThatThrownBy(() -> config.sub("hpke").secret("private-key", ServiceConfigSecretTest::sixteenBytes))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'hpke.private-key' (environment ENROLGATE_HPKE_PRIVATE_KEY) is required")
                .hasMessageContaining("'hpke.private-key-file' (environment ENROLGATE_HPKE_PRIVATE_KEY_FILE)");
    }

    @Test
    void aMissingOrUnreadableFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("missing");
        ServiceConfig absent = ServiceConfig.of(Map.of("kek-file", missing.toString()), Map.of());
        // A directory stands for a file that cannot be read: tests run as root, so permissions would not stop it.
        ServiceConfig unreadable = ServiceConfig.of(Map.of("kek-file", dir.toString()), Map.of());

        assertThatThrownBy(() -> absent.secret("kek", ServiceConfigSecretTest::sixteenBytes))
                .isInstanceOf(ConfigException.class)
                .hasMessage("'kek-file' (environment ENROLGATE_KEK_FILE): file " + missing + " does not exist");
        assertThatThrownBy(() -> unreadable.secret("kek", ServiceConfigSecretTest::sixteenBytes))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("'kek-file' (environment ENROLGATE_KEK_FILE): file " + dir + " cannot be read");
    }

    @Test
    void aFileThatIsNotTextIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("binary");
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x11});
        ServiceConfig config = ServiceConfig.of(Map.of("kek-file", file.toString()), Map.of());

        assertThatThrownBy(() -> config.secret("kek", ServiceConfigSecretTest::sixteenBytes))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is not text (UTF-8)");
    }

    @Test
    void badContentIsReportedWithItsSourceAndNeverTheSecret(@TempDir Path dir) throws Exception {
        String wrong = "00112233445566778899aabbccddeeZZ";
        Path file = dir.resolve("kek");
        Files.writeString(file, wrong);
        ServiceConfig inFile = ServiceConfig.of(Map.of("kek-file", file.toString()), Map.of());
        ServiceConfig inline = ServiceConfig.of(Map.of(), Map.of("ENROLGATE_KEK", wrong));

        assertThatThrownBy(() -> inFile.secret("kek", ServiceConfigSecretTest::sixteenBytes))
                .isInstanceOf(ConfigException.class)
                .hasMessage("secret from file " + file + " from 'kek-file' (environment ENROLGATE_KEK_FILE)"
                        + " (32 characters): expected 32 hex digits");
        assertThatThrownBy(() -> inline.secret("kek", ServiceConfigSecretTest::sixteenBytes))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'kek' (environment ENROLGATE_KEK)").hasMessageNotContaining(wrong);
    }

    @Test
    void aParserThatDoesNotNameTheSourceHasItPutInFront() {
        ServiceConfig config = ServiceConfig.of(Map.of("mef.psk", "zz"), Map.of());

        assertThatThrownBy(() -> config.secret("mef.psk", (text, source) -> {
            throw new IllegalArgumentException("PSK: character 1 is not a hex digit");
        })).isInstanceOf(ConfigException.class)
                .hasMessage("'mef.psk' (environment ENROLGATE_MEF_PSK): PSK: character 1 is not a hex digit");
    }
}
