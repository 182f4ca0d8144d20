package io.enrolgate.common.hpke;

import io.enrolgate.zigbee.RedactedBytes;
import java.util.HexFormat;

/**
 * The X25519 public key of a recipient of sealed keys (the provisioning service). Not secret; its
 * {@link #keyId()} goes into every {@code HpkeSealedKey} so that a recipient holding several key pairs
 * (during a rotation) knows which one opens it.
 */
public final class HpkePublicKey extends RedactedBytes {
    private final String keyId;

    private HpkePublicKey(byte[] bytes) {
        super(bytes);
        this.keyId = "x25519-" + HexFormat.of().formatHex(sha256(bytes), 0, 8);
    }

    /** A key from its 32 raw bytes, copied. */
    public static HpkePublicKey of(byte[] bytes) {
        if (bytes == null || bytes.length != HpkeSuite.KEY_LENGTH) {
            throw new IllegalArgumentException("an X25519 public key is 32 bytes, got "
                    + (bytes == null ? "none" : bytes.length + " bytes"));
        }
        return new HpkePublicKey(bytes);
    }

    /** Parses base64 or hex text; {@code source} names where it came from, for the error message. */
    public static HpkePublicKey parse(String text, String source) {
        return new HpkePublicKey(HpkeKeyText.decode(text, "X25519 public key", source));
    }

    public byte[] toBytes() {
        return copyOfBytes();
    }

    /** Base64 of the 32 bytes: the form {@link #parse} reads back. */
    public String toBase64() {
        return HpkeKeyText.encode(copyOfBytes());
    }

    /**
     * {@code x25519-} and the first 8 bytes of SHA-256 over the key in hex: derived from the key itself, so
     * that the sealer and the opener never need to agree on a name by configuration.
     */
    public String keyId() {
        return keyId;
    }

    /** The key id: a public key is no secret, but its id is what logs and messages use. */
    @Override
    public String toString() {
        return "HpkePublicKey[" + keyId + "]";
    }
}
