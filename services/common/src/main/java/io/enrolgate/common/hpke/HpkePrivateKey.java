package io.enrolgate.common.hpke;

import io.enrolgate.zigbee.RedactedBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * The X25519 private key of a recipient of sealed keys, with its public key. Only the trusted domain
 * (provisioning) holds one. Redacted ({@link RedactedBytes}): {@link #toString()} shows the key id, never the key.
 */
public final class HpkePrivateKey extends RedactedBytes {
    private final HpkePublicKey publicKey;

    private HpkePrivateKey(byte[] bytes) {
        super(bytes);
        this.publicKey = HpkePublicKey.of(new X25519PrivateKeyParameters(bytes, 0).generatePublicKey().getEncoded());
    }

    /** A fresh key pair. */
    public static HpkePrivateKey generate(SecureRandom random) {
        return new HpkePrivateKey(new X25519PrivateKeyParameters(random).getEncoded());
    }

    /** A key from its 32 raw bytes, copied. */
    public static HpkePrivateKey of(byte[] bytes) {
        if (bytes == null || bytes.length != HpkeSuite.KEY_LENGTH) {
            throw new IllegalArgumentException("an X25519 private key is 32 bytes, got "
                    + (bytes == null ? "none" : bytes.length + " bytes"));
        }
        return new HpkePrivateKey(bytes);
    }

    /** Parses base64 or hex text; {@code source} names where it came from, for the error message. */
    public static HpkePrivateKey parse(String text, String source) {
        return new HpkePrivateKey(HpkeKeyText.decode(text, "X25519 private key", source));
    }

    /** Reads a key from a secret file (as mounted by Kubernetes or Docker secrets). */
    public static HpkePrivateKey fromFile(Path file) {
        return parse(HpkeKeyText.read(file, "X25519 private key"), "file " + file);
    }

    /**
     * Writes the key as base64 to a new file that only its owner can read; refuses to overwrite, so that a
     * key in use is never replaced by accident.
     */
    public void writeTo(Path file) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, HpkeKeyText.encode(copyOfBytes()) + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the X25519 private key to " + file + ": " + e.getMessage(), e);
        }
    }

    public HpkePublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return publicKey.keyId();
    }

    /** A copy of the raw key, for the opener only. */
    byte[] bytes() {
        return copyOfBytes();
    }

    /** The id of the public key: it names the key pair without a handle on the private half. */
    @Override
    public String toString() {
        return "HpkePrivateKey[redacted, " + keyId() + "]";
    }
}
