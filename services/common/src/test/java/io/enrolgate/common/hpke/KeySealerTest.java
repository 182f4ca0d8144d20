package io.enrolgate.common.hpke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.enrolgate.proto.v1.HpkeSealedKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeySealerTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] KEY = HEX.parseHex("00112233445566778899aabbccddeeff");
    private static final byte[] AAD = KeyDeliverySeal.associatedData("enr-1", 0x000D6F000A0B0C0DL);

    private final HpkePrivateKey recipient = HpkePrivateKey.generate(RANDOM);
    private final KeySealer sealer = new KeySealer(recipient.publicKey(), KeyDeliverySeal.INFO);
    private final KeyOpener opener = new KeyOpener(recipient, KeyDeliverySeal.INFO);

    @Test
    void matchesTheRfc9180BaseModeVectorA1() {
        // RFC 9180 Appendix A.1.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, sequence 0.
        HpkePrivateKey receiver = HpkePrivateKey.of(HEX.parseHex(
                "4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8"));
        assertThat(receiver.publicKey().toBytes()).isEqualTo(HEX.parseHex(
                "3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d"));
        byte[] skE = HEX.parseHex("52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736");
        byte[] pkE = HEX.parseHex("37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431");
        String info = "Ode on a Grecian Urn";
        byte[] aad = "Count-0".getBytes(StandardCharsets.US_ASCII);
        byte[] pt = "Beauty is truth, truth beauty".getBytes(StandardCharsets.US_ASCII);

        KeySealer fixed = new KeySealer(receiver.publicKey(), info,
                () -> HpkeSuite.newInstance().deserializePrivateKey(skE, pkE));
        HpkeSealedKey sealed = fixed.seal(pt, aad);

        assertThat(sealed.getEncapsulatedKey().toByteArray()).isEqualTo(pkE);
        assertThat(HEX.formatHex(sealed.getCiphertext().toByteArray())).isEqualTo(
                "f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a");
        assertThat(new KeyOpener(receiver, info).open(sealed, aad)).isEqualTo(pt);
    }

    @Test
    void roundTripsAndNamesTheRecipient() {
        HpkeSealedKey sealed = sealer.seal(KEY, AAD);

        assertThat(sealed.getRecipientKeyId()).isEqualTo(recipient.keyId()).startsWith("x25519-");
        assertThat(sealed.getEncapsulatedKey().size()).isEqualTo(32);
        assertThat(sealed.getCiphertext().size()).isEqualTo(KEY.length + 16);
        assertThat(opener.open(sealed, AAD)).isEqualTo(KEY);
    }

    @Test
    void twoSealsOfOneKeyDiffer() {
        assertThat(sealer.seal(KEY, AAD).getCiphertext()).isNotEqualTo(sealer.seal(KEY, AAD).getCiphertext());
    }

    @Test
    void wrongAssociatedDataFails() {
        HpkeSealedKey sealed = sealer.seal(KEY, AAD);
        byte[] otherDelivery = KeyDeliverySeal.associatedData("enr-2", 0x000D6F000A0B0C0DL);
        byte[] otherDevice = KeyDeliverySeal.associatedData("enr-1", 0x000D6F000A0B0C0EL);

        assertThatThrownBy(() -> opener.open(sealed, otherDelivery)).isInstanceOf(HpkeOpenException.class);
        assertThatThrownBy(() -> opener.open(sealed, otherDevice)).isInstanceOf(HpkeOpenException.class);
    }

    @Test
    void wrongInfoFails() {
        HpkeSealedKey sealed = sealer.seal(KEY, AAD);
        assertThatThrownBy(() -> new KeyOpener(recipient, "another purpose").open(sealed, AAD))
                .isInstanceOf(HpkeOpenException.class).hasMessageContaining("authentication failed");
    }

    @Test
    void wrongRecipientKeyFails() {
        HpkeSealedKey sealed = sealer.seal(KEY, AAD);
        HpkePrivateKey other = HpkePrivateKey.generate(RANDOM);

        assertThatThrownBy(() -> new KeyOpener(other, KeyDeliverySeal.INFO).open(sealed, AAD))
                .isInstanceOf(HpkeOpenException.class).hasMessageContaining(recipient.keyId());
        // Even when the key id is forged to match, the other key cannot open it.
        HpkeSealedKey relabelled = sealed.toBuilder().setRecipientKeyId(other.keyId()).build();
        assertThatThrownBy(() -> new KeyOpener(other, KeyDeliverySeal.INFO).open(relabelled, AAD))
                .isInstanceOf(HpkeOpenException.class).hasMessageContaining("authentication failed");
    }

    @Test
    void alteredOrTruncatedSealsFail() {
        HpkeSealedKey sealed = sealer.seal(KEY, AAD);
        byte[] ciphertext = sealed.getCiphertext().toByteArray();
        ciphertext[3] ^= 0x01;

        assertThatThrownBy(() -> opener.open(sealed.toBuilder().setCiphertext(ByteString.copyFrom(ciphertext)).build(), AAD))
                .isInstanceOf(HpkeOpenException.class);
        assertThatThrownBy(() -> opener.open(sealed.toBuilder().setCiphertext(ByteString.copyFrom(new byte[5])).build(), AAD))
                .isInstanceOf(HpkeOpenException.class).hasMessageContaining("shorter than");
        assertThatThrownBy(() -> opener.open(sealed.toBuilder().setEncapsulatedKey(ByteString.copyFrom(new byte[31])).build(), AAD))
                .isInstanceOf(HpkeOpenException.class).hasMessageContaining("31 bytes");
    }

    @Test
    void privateKeyNeverShowsItsBytes() {
        String text = recipient.toString();
        assertThat(text).contains("redacted").contains(recipient.keyId());
        byte[] raw = recipient.bytes();
        assertThat(text).doesNotContainIgnoringCase(HEX.formatHex(raw))
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(raw));
    }

    @Test
    void keysSurviveFilesAndConfigText(@TempDir Path dir) throws Exception {
        Path privateFile = dir.resolve("provisioning.key");
        recipient.writeTo(privateFile);

        assertThat(Files.getPosixFilePermissions(privateFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        HpkePrivateKey read = HpkePrivateKey.fromFile(privateFile);
        assertThat(read.publicKey()).isEqualTo(recipient.publicKey());
        assertThat(new KeyOpener(read, KeyDeliverySeal.INFO).open(sealer.seal(KEY, AAD), AAD)).isEqualTo(KEY);
        assertThatThrownBy(() -> recipient.writeTo(privateFile)).hasMessageContaining(privateFile.toString());

        HpkePublicKey fromBase64 = HpkePublicKey.parse(recipient.publicKey().toBase64(), "test");
        HpkePublicKey fromHex = HpkePublicKey.parse(HEX.formatHex(recipient.publicKey().toBytes()), "test");
        assertThat(fromBase64).isEqualTo(recipient.publicKey()).isEqualTo(fromHex);
    }

    @Test
    void badKeyTextIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> HpkePublicKey.parse("", "environment variable X"))
                .hasMessageContaining("environment variable X").hasMessageContaining("empty");
        assertThatThrownBy(() -> HpkePrivateKey.parse("c2VjcmV0LXRvby1zaG9ydA==", "file k"))
                .hasMessageContaining("decodes to 16 bytes").hasMessageNotContaining("c2VjcmV0");
        assertThatThrownBy(() -> HpkePrivateKey.parse("not*base64*at*all", "file k"))
                .hasMessageContaining("neither hex nor base64").hasMessageNotContaining("not*base64");
        assertThatThrownBy(() -> HpkePrivateKey.fromFile(Path.of("/nonexistent/key")))
                .hasMessageContaining("does not exist");
    }
}
