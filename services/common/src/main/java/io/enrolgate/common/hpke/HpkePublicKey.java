package io.enrolgate.common.hpke;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The X25519 public key of a recipient of sealed keys (the provisioning service). Not secret; its
 * {@link #keyId()} goes into every {@code HpkeSealedKey} so that a recipient holding several key pairs
 * (during a rotation) knows which one opens it.
 */
public final class HpkePublicKey {
    private final byte[] bytes;
    private final String keyId;

    private HpkePublicKey(byte[] bytes) {
        this.bytes = bytes;
        this.keyId = computeKeyId(bytes);
    }

    /** A key from its 32 raw bytes, copied. */
    public static HpkePublicKey of(byte[] bytes) {
        if (bytes == null || bytes.length != HpkeSuite.KEY_LENGTH) {
            throw new IllegalArgumentException("an X25519 public key is 32 bytes, got "
                    + (bytes == null ? "none" : bytes.length + " bytes"));
        }
        return new HpkePublicKey(bytes.clone());
    }

    /** Parses base64 or hex text; {@code source} names where it came from, for the error message. */
    public static HpkePublicKey parse(String text, String source) {
        return new HpkePublicKey(HpkeKeyText.decode(text, "X25519 public key", source));
    }

    public static HpkePublicKey fromFile(Path file) {
        return parse(HpkeKeyText.read(file, "X25519 public key"), "file " + file);
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Base64 of the 32 bytes: the form {@link #parse} reads back. */
    public String toBase64() {
        return HpkeKeyText.encode(bytes);
    }

    /**
     * {@code x25519-} and the first 8 bytes of SHA-256 over the key in hex: derived from the key itself, so
     * that the sealer and the opener never need to agree on a name by configuration.
     */
    public String keyId() {
        return keyId;
    }

    private static String computeKeyId(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "x25519-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HpkePublicKey that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "HpkePublicKey[" + keyId + "]";
    }
}
