package io.enrolgate.common.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts secrets before they are stored (install codes, link keys, MEF keys): AES-GCM under a
 * {@link KeyEncryptionKey}, a fresh random 96-bit nonce for every value, and caller-supplied associated
 * data that binds the ciphertext to its record, so that a value copied into another row fails to open.
 *
 * <p>Envelope (version 1), all of it authenticated:
 * <pre>
 *   0x01 | key id (4 bytes, {@link KeyEncryptionKey#id()}) | nonce (12) | ciphertext | tag (16)
 * </pre>
 * The version byte leaves room for another format later; the key id lets {@link #open} say "sealed under
 * another key" rather than "corrupt", which is what an operator needs to know after a key mix-up.
 *
 * <p>Random nonces are safe for far more values than a registry will ever hold (the 2^32 limit of NIST
 * SP 800-38D per key). Instances are thread-safe.
 */
public final class AtRestCipher {
    public static final byte VERSION_1 = 0x01;
    static final int KEY_ID_LENGTH = 4;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_LENGTH = 16;
    private static final int HEADER_LENGTH = 1 + KEY_ID_LENGTH + NONCE_LENGTH;
    /** The envelope's size beyond the plaintext's. */
    public static final int OVERHEAD = HEADER_LENGTH + TAG_LENGTH;

    private final KeyEncryptionKey key;
    private final byte[] keyId;
    private final SecureRandom random;

    public AtRestCipher(KeyEncryptionKey key) {
        this(key, new SecureRandom());
    }

    public AtRestCipher(KeyEncryptionKey key, SecureRandom random) {
        this.key = Objects.requireNonNull(key, "key");
        this.keyId = key.idBytes();
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Encrypts {@code plaintext}; {@code associatedData} must be given again, identical, to open it. */
    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        ByteBuffer envelope = ByteBuffer.allocate(OVERHEAD + plaintext.length);
        envelope.put(VERSION_1).put(keyId).put(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce);
            cipher.updateAAD(envelope.array(), 0, HEADER_LENGTH);
            cipher.updateAAD(associatedData);
            cipher.doFinal(ByteBuffer.wrap(plaintext), envelope);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java runtime", e);
        }
        return envelope.array();
    }

    /**
     * Decrypts an envelope made by {@link #seal}.
     *
     * @throws AtRestCipherException when the envelope is malformed, was sealed under another key, or does
     *     not authenticate (tampered, or opened with other associated data)
     */
    public byte[] open(byte[] envelope, byte[] associatedData) {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(associatedData, "associatedData");
        if (envelope.length < OVERHEAD) {
            throw new AtRestCipherException("encrypted value is " + envelope.length + " bytes: expected at least "
                    + OVERHEAD + " (version, key id, nonce, tag)");
        }
        if (envelope[0] != VERSION_1) {
            throw new AtRestCipherException(String.format("encrypted value has format version 0x%02X: expected 0x%02X",
                    envelope[0] & 0xFF, VERSION_1));
        }
        byte[] storedKeyId = Arrays.copyOfRange(envelope, 1, 1 + KEY_ID_LENGTH);
        if (!MessageDigest.isEqual(storedKeyId, keyId)) {
            throw new AtRestCipherException("encrypted value was sealed under key-encryption key id "
                    + HexFormat.of().formatHex(storedKeyId) + ", but the key in use has id " + key.id()
                    + ": supply the key it was sealed with");
        }
        byte[] nonce = Arrays.copyOfRange(envelope, 1 + KEY_ID_LENGTH, HEADER_LENGTH);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce);
            cipher.updateAAD(envelope, 0, HEADER_LENGTH);
            cipher.updateAAD(associatedData);
            return cipher.doFinal(envelope, HEADER_LENGTH, envelope.length - HEADER_LENGTH);
        } catch (AEADBadTagException e) {
            throw new AtRestCipherException("encrypted value does not authenticate: it was altered, or it belongs"
                    + " to another record", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java runtime", e);
        }
    }

    /** The key in use, for diagnostics: its {@code toString()} shows only its size and id. */
    public KeyEncryptionKey key() {
        return key;
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        // A Cipher is not thread-safe and is cheap to get: one per operation.
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key.secretKey(), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
        return cipher;
    }
}
