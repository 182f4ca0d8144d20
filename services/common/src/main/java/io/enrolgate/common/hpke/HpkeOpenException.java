package io.enrolgate.common.hpke;

/** A sealed key cannot be opened by this recipient with this associated data. Never carries key bytes. */
public class HpkeOpenException extends RuntimeException {
    public HpkeOpenException(String message) {
        super("cannot open sealed key: " + message);
    }
}
