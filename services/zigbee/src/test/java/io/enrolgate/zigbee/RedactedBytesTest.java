package io.enrolgate.zigbee;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RedactedBytesTest {
    private static final byte[] BYTES = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    private static final class Secret extends RedactedBytes {
        Secret(byte[] bytes) {
            super(bytes);
        }

        byte[] bytes() {
            return copyOfBytes();
        }
    }

    private static final class OtherSecret extends RedactedBytes {
        OtherSecret(byte[] bytes) {
            super(bytes);
        }
    }

    @Test
    void toStringShowsTheTypeAndFingerprintButNeverTheBytes() {
        Secret secret = new Secret(BYTES);

        assertThat(secret.toString()).isEqualTo("Secret[redacted, fingerprint=" + secret.fingerprint() + "]");
        String text = secret.toString().toLowerCase();
        assertThat(text).doesNotContain("00112233").doesNotContain("ccddeeff")
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(BYTES).toLowerCase());
    }

    @Test
    void theFingerprintIsTheStartOfTheSha256() {
        // printf 00112233445566778899aabbccddeeff | xxd -r -p | sha256sum → a8faed6abbf35c12...
        assertThat(new Secret(BYTES).fingerprint()).isEqualTo("a8faed6a");
        assertThat(new Secret(BYTES).fingerprint()).isNotEqualTo(new Secret(new byte[16]).fingerprint());
    }

    @Test
    void equalsComparesTheBytesOfTheSameTypeOnly() {
        Secret secret = new Secret(BYTES);
        byte[] differentLast = BYTES.clone();
        differentLast[15] ^= 1;

        assertThat(secret).isEqualTo(new Secret(BYTES.clone())).hasSameHashCodeAs(new Secret(BYTES.clone()));
        assertThat(secret).isNotEqualTo(new Secret(differentLast));
        assertThat(secret).isNotEqualTo(new Secret(java.util.Arrays.copyOf(BYTES, 15)));
        assertThat(secret).isNotEqualTo(new OtherSecret(BYTES));
        assertThat(secret.equals(null)).isFalse();
    }

    @Test
    void theBytesAreCopiedInAndOut() {
        byte[] given = BYTES.clone();
        Secret secret = new Secret(given);
        given[0] = 42;

        byte[] out = secret.bytes();
        assertThat(out).isEqualTo(BYTES);
        out[1] = 42;
        assertThat(secret.bytes()).isEqualTo(BYTES);
        assertThat(secret.length()).isEqualTo(16);
    }
}
