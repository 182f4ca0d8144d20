package io.enrolgate.common.hpke;

import com.google.protobuf.ByteString;
import io.enrolgate.proto.v1.HpkeSealedKey;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

/**
 * Seals key material to one recipient with RFC 9180 HPKE (base mode, X25519 / HKDF-SHA256 /
 * AES-128-GCM), single-shot: every seal has its own ephemeral key, so two seals of the same key differ.
 *
 * <p>The {@code info} string binds a seal to its purpose (a key sealed for one use cannot be opened as
 * another); the associated data binds it to one message (see {@link KeyDeliverySeal}). Thread-safe.
 */
public final class KeySealer {
    private final HpkePublicKey recipient;
    private final byte[] info;
    private final Supplier<AsymmetricCipherKeyPair> ephemeralKeys;

    public KeySealer(HpkePublicKey recipient, String info) {
        this(recipient, info, null);
    }

    /** With a fixed ephemeral key source: only for the RFC 9180 known-answer test. */
    KeySealer(HpkePublicKey recipient, String info, Supplier<AsymmetricCipherKeyPair> ephemeralKeys) {
        this.recipient = Objects.requireNonNull(recipient, "recipient");
        this.info = Objects.requireNonNull(info, "info").getBytes(StandardCharsets.UTF_8);
        this.ephemeralKeys = ephemeralKeys;
    }

    public HpkePublicKey recipient() {
        return recipient;
    }

    /** Seals {@code plaintext} under {@code associatedData}; neither argument is kept or changed. */
    public HpkeSealedKey seal(byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        HPKE hpke = HpkeSuite.newInstance();
        AsymmetricKeyParameter recipientKey = hpke.deserializePublicKey(recipient.toBytes());
        HPKEContextWithEncapsulation context = ephemeralKeys == null
                ? hpke.setupBaseS(recipientKey, info)
                : hpke.setupBaseS(recipientKey, info, ephemeralKeys.get());
        byte[] ciphertext;
        try {
            ciphertext = context.seal(associatedData, plaintext);
        } catch (InvalidCipherTextException e) {
            // Sealing cannot meet a bad tag; this would be a broken provider.
            throw new IllegalStateException("HPKE seal failed: " + e.getMessage(), e);
        }
        return HpkeSealedKey.newBuilder()
                .setRecipientKeyId(recipient.keyId())
                .setEncapsulatedKey(ByteString.copyFrom(context.getEncapsulation()))
                .setCiphertext(ByteString.copyFrom(ciphertext))
                .build();
    }
}
