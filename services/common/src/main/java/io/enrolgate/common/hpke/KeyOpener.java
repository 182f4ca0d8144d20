package io.enrolgate.common.hpke;

import io.enrolgate.proto.v1.HpkeSealedKey;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;

/**
 * Opens what a {@link KeySealer} sealed to this recipient's public key, under the same info string and
 * associated data. Any mismatch (another recipient, another purpose, another message, a changed byte)
 * is one {@link HpkeOpenException}: AES-GCM does not say which, and neither do we. Thread-safe.
 */
public final class KeyOpener {
    private final HpkePrivateKey recipient;
    private final byte[] info;

    public KeyOpener(HpkePrivateKey recipient, String info) {
        this.recipient = Objects.requireNonNull(recipient, "recipient");
        this.info = Objects.requireNonNull(info, "info").getBytes(StandardCharsets.UTF_8);
    }

    public String keyId() {
        return recipient.keyId();
    }

    /**
     * The plaintext of {@code sealed}; the caller owns it and should clear it when done.
     *
     * @throws HpkeOpenException when the seal is for another key id, malformed, or fails authentication
     */
    public byte[] open(HpkeSealedKey sealed, byte[] associatedData) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(associatedData, "associatedData");
        if (!recipient.keyId().equals(sealed.getRecipientKeyId())) {
            throw new HpkeOpenException("sealed for key '" + sealed.getRecipientKeyId() + "', this opener holds '"
                    + recipient.keyId() + "'");
        }
        if (sealed.getEncapsulatedKey().size() != HpkeSuite.KEY_LENGTH) {
            throw new HpkeOpenException("encapsulated key is " + sealed.getEncapsulatedKey().size()
                    + " bytes: expected " + HpkeSuite.KEY_LENGTH);
        }
        if (sealed.getCiphertext().size() < HpkeSuite.TAG_LENGTH) {
            throw new HpkeOpenException("ciphertext is " + sealed.getCiphertext().size()
                    + " bytes: shorter than the " + HpkeSuite.TAG_LENGTH + "-byte tag");
        }
        HPKE hpke = HpkeSuite.newInstance();
        AsymmetricCipherKeyPair keyPair = hpke.deserializePrivateKey(recipient.bytes(), recipient.publicKey().toBytes());
        try {
            return hpke.setupBaseR(sealed.getEncapsulatedKey().toByteArray(), keyPair, info)
                    .open(associatedData, sealed.getCiphertext().toByteArray());
        } catch (InvalidCipherTextException | IllegalArgumentException e) {
            throw new HpkeOpenException("authentication failed: wrong recipient key, info or associated data, "
                    + "or the seal was altered");
        }
    }
}
