package io.enrolgate.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AtRestCipherTest {
    private static final byte[] SECRET = HexFormat.of().parseHex("83FED3407A939723A5C639B26916D505C3B5");
    private static final byte[] RECORD = "device:000D6F000A0B0C0D:install-code".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(ints = {16, 32})
    void opensWhatItSealedWithBothKeySizes(int keyLength) {
        AtRestCipher cipher = new AtRestCipher(randomKey(keyLength));
        byte[] envelope = cipher.seal(SECRET, RECORD);
        assertThat(envelope).hasSize(SECRET.length + AtRestCipher.OVERHEAD);
        assertThat(envelope[0]).isEqualTo(AtRestCipher.VERSION_1);
        assertThat(cipher.open(envelope, RECORD)).isEqualTo(SECRET);
    }

    @Test
    void isStandardAesGcmOverTheHeaderAndTheAssociatedData() throws Exception {
        byte[] keyBytes = new byte[32];
        new SecureRandom().nextBytes(keyBytes);
        KeyEncryptionKey key = KeyEncryptionKey.of(keyBytes);
        byte[] envelope = new AtRestCipher(key).seal(SECRET, RECORD);

        // An independent decryption with the JDK, from the documented layout.
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keyBytes, "AES"),
                new GCMParameterSpec(128, Arrays.copyOfRange(envelope, 5, 17)));
        gcm.updateAAD(Arrays.copyOfRange(envelope, 0, 17));
        gcm.updateAAD(RECORD);
        assertThat(gcm.doFinal(envelope, 17, envelope.length - 17)).isEqualTo(SECRET);
        assertThat(HexFormat.of().formatHex(envelope, 1, 5)).isEqualTo(key.id());
    }

    @Test
    void drawsAFreshNonceForEveryValue() {
        AtRestCipher cipher = new AtRestCipher(randomKey(32));
        byte[] first = cipher.seal(SECRET, RECORD);
        byte[] second = cipher.seal(SECRET, RECORD);
        assertThat(Arrays.copyOfRange(first, 5, 17)).isNotEqualTo(Arrays.copyOfRange(second, 5, 17));
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void theCiphertextDoesNotContainTheSecret() {
        byte[] envelope = new AtRestCipher(randomKey(32)).seal(SECRET, RECORD);
        assertThat(HexFormat.of().formatHex(envelope)).doesNotContain(HexFormat.of().formatHex(SECRET));
    }

    @Test
    void refusesAValueMovedToAnotherRecord() {
        AtRestCipher cipher = new AtRestCipher(randomKey(32));
        byte[] envelope = cipher.seal(SECRET, RECORD);
        byte[] otherRecord = "device:000D6F000A0B0C0E:install-code".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> cipher.open(envelope, otherRecord))
                .isInstanceOf(AtRestCipherException.class)
                .hasMessageContaining("does not authenticate");
    }

    @Test
    void refusesAnyFlippedBit() {
        AtRestCipher cipher = new AtRestCipher(randomKey(16));
        byte[] envelope = cipher.seal(SECRET, RECORD);
        for (int bit = 0; bit < envelope.length * 8; bit++) {
            byte[] altered = envelope.clone();
            altered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> cipher.open(altered, RECORD)).isInstanceOf(AtRestCipherException.class);
        }
    }

    @Test
    void saysWhenAValueWasSealedUnderAnotherKey() {
        KeyEncryptionKey original = randomKey(32);
        KeyEncryptionKey other = randomKey(32);
        byte[] envelope = new AtRestCipher(original).seal(SECRET, RECORD);
        assertThatThrownBy(() -> new AtRestCipher(other).open(envelope, RECORD))
                .isInstanceOf(AtRestCipherException.class)
                .hasMessageContaining("sealed under key-encryption key id " + original.id())
                .hasMessageContaining("has id " + other.id());
    }

    @Test
    void refusesTruncatedAndUnknownVersionEnvelopes() {
        AtRestCipher cipher = new AtRestCipher(randomKey(32));
        assertThatThrownBy(() -> cipher.open(new byte[AtRestCipher.OVERHEAD - 1], RECORD))
                .isInstanceOf(AtRestCipherException.class)
                .hasMessageContaining("expected at least " + AtRestCipher.OVERHEAD);
        byte[] envelope = cipher.seal(SECRET, RECORD);
        envelope[0] = 0x02;
        assertThatThrownBy(() -> cipher.open(envelope, RECORD))
                .isInstanceOf(AtRestCipherException.class)
                .hasMessageContaining("format version 0x02: expected 0x01");
    }

    @Test
    void sealsAnEmptyValue() {
        AtRestCipher cipher = new AtRestCipher(randomKey(32));
        assertThat(cipher.open(cipher.seal(new byte[0], RECORD), RECORD)).isEmpty();
    }

    private static KeyEncryptionKey randomKey(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return KeyEncryptionKey.of(bytes);
    }
}
