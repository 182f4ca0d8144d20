package io.enrolgate.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyEncryptionKeyTest {
    private static final String HEX_256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final byte[] BYTES_256 = HexFormat.of().parseHex(HEX_256);

    @Test
    void hexAndBase64OfTheSameBytesAreTheSameKey() {
        KeyEncryptionKey fromHex = KeyEncryptionKey.parse(HEX_256.toUpperCase(), "test");
        KeyEncryptionKey fromBase64 = KeyEncryptionKey.parse(Base64.getEncoder().encodeToString(BYTES_256), "test");
        KeyEncryptionKey fromUrlBase64 = KeyEncryptionKey.parse(
                Base64.getUrlEncoder().withoutPadding().encodeToString(BYTES_256), "test");
        assertThat(fromHex.bits()).isEqualTo(256);
        assertThat(fromHex.id()).isEqualTo(KeyEncryptionKey.of(BYTES_256).id())
                .isEqualTo(fromBase64.id()).isEqualTo(fromUrlBase64.id());
        // Same key: what one seals, the other opens.
        byte[] sealed = new AtRestCipher(fromHex).seal(new byte[] {1, 2, 3}, new byte[0]);
        assertThat(new AtRestCipher(fromBase64).open(sealed, new byte[0])).containsExactly(1, 2, 3);
    }

    @Test
    void acceptsAes128() {
        assertThat(KeyEncryptionKey.parse(HEX_256.substring(0, 32), "test").bits()).isEqualTo(128);
    }

    @Test
    void errorsNameTheSourceAndWhatWasExpectedButNeverTheText() {
        String secretLooking = "this-is-not-a-key-but-could-be-secret!!";
        assertThatThrownBy(() -> KeyEncryptionKey.parse(secretLooking, "environment variable ENROLGATE_KEK"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("key-encryption key from environment variable ENROLGATE_KEK")
                .hasMessageContaining("neither hex nor base64")
                .hasMessageContaining("expected 32 or 64 hex digits")
                .hasMessageNotContaining(secretLooking);
        byte[] ones = new byte[24];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        String tooShort = Base64.getEncoder().encodeToString(ones); // "////...": not hex, so read as base64
        assertThatThrownBy(() -> KeyEncryptionKey.parse(tooShort, "file k"))
                .hasMessageContaining("decodes to 24 bytes")
                .hasMessageNotContaining(tooShort);
        assertThatThrownBy(() -> KeyEncryptionKey.parse("  \n", "file k")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> KeyEncryptionKey.of(new byte[20])).hasMessageContaining("got 20 bytes");
    }

    @Test
    void readsAFileIgnoringTheFinalNewline(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kek");
        Files.writeString(file, HEX_256 + "\n", StandardCharsets.US_ASCII);
        assertThat(KeyEncryptionKey.fromFile(file).id()).isEqualTo(KeyEncryptionKey.of(BYTES_256).id());
        assertThatThrownBy(() -> KeyEncryptionKey.fromFile(dir.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file " + dir.resolve("missing") + " does not exist");
    }

    @Test
    void readsTheEnvironmentAndSaysWhenTheVariableIsMissing() {
        assertThat(KeyEncryptionKey.fromEnvironment("KEK", Map.of("KEK", HEX_256)).id())
                .isEqualTo(KeyEncryptionKey.of(BYTES_256).id());
        assertThatThrownBy(() -> KeyEncryptionKey.fromEnvironment("KEK", Map.of()))
                .hasMessageContaining("environment variable KEK is not set");
    }

    @Test
    void writesANewOwnerOnlyFileAndNeverOverwrites(@TempDir Path dir) throws Exception {
        KeyEncryptionKey key = KeyEncryptionKey.generate(new SecureRandom());
        Path file = dir.resolve("kek");
        key.writeNewFile(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(KeyEncryptionKey.fromFile(file).id()).isEqualTo(key.id());
        KeyEncryptionKey other = KeyEncryptionKey.generate(new SecureRandom());
        assertThatThrownBy(() -> other.writeNewFile(file)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(KeyEncryptionKey.fromFile(file).id()).isEqualTo(key.id());
    }

    @Test
    void toStringShowsSizeAndIdOnly() {
        KeyEncryptionKey key = KeyEncryptionKey.of(BYTES_256);
        assertThat(key.toString()).isEqualTo("KeyEncryptionKey[AES-256, id=" + key.id() + "]")
                .doesNotContainIgnoringCase(HEX_256.substring(0, 8));
        assertThat(key.id()).hasSize(8);
    }
}
