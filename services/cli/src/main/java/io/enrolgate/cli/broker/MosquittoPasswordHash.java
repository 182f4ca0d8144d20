package io.enrolgate.cli.broker;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password as Mosquitto's dynamic-security plugin stores and checks it: PBKDF2-HMAC-SHA512 over the UTF-8
 * password with a 12-byte random salt, a 64-byte result, salt and result base64 in the client's {@code salt}
 * and {@code password} fields. 101 iterations, as {@code mosquitto_ctrl} and {@code mosquitto_passwd} of
 * 2.0.11 write them: the broker hashes on every CONNECT, and the passwords are random (generate-secrets.sh),
 * not words a dictionary would find.
 */
record MosquittoPasswordHash(String saltBase64, String hashBase64, int iterations) {
    static final int ITERATIONS = 101;
    private static final int SALT_BYTES = 12;
    private static final int HASH_BITS = 512;

    static MosquittoPasswordHash of(String password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new MosquittoPasswordHash(Base64.getEncoder().encodeToString(salt),
                Base64.getEncoder().encodeToString(derive(password, salt, ITERATIONS)), ITERATIONS);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        // PBEKeySpec takes chars and PBKDF2WithHmacSHA512 encodes them as UTF-8, as Mosquitto hashes the bytes it got.
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is not available in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String toString() {
        return "MosquittoPasswordHash[pbkdf2-sha512, " + iterations + " iterations]";
    }
}
