package io.enrolgate.common.crypto;

/**
 * A stored secret could not be decrypted: wrong key-encryption key, altered data, or a value moved to
 * another record. The message says which, never what the value was.
 */
public final class AtRestCipherException extends RuntimeException {
    public AtRestCipherException(String message) {
        super(message);
    }

    public AtRestCipherException(String message, Throwable cause) {
        super(message, cause);
    }
}
