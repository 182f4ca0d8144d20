package io.enrolgate.mef.core;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The RelativeKeyID the MEF assigns to a MEF Key Registration: 128 random bits as 32 lower-case hex
 * digits, unique within the MEF. Random rather than sequential so that an identifier tells nothing
 * about other registrations and cannot be guessed.
 */
public record RelativeKeyId(String value) {
    private static final int DIGITS = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    public RelativeKeyId {
        if (value == null || value.length() != DIGITS || !value.chars().allMatch(RelativeKeyId::isLowerHex)) {
            throw new IllegalArgumentException("a RelativeKeyID is " + DIGITS
                    + " lower-case hex digits, got '" + Printable.of(value, 64) + "'");
        }
    }

    public static RelativeKeyId random() {
        byte[] bytes = new byte[DIGITS / 2];
        RANDOM.nextBytes(bytes);
        return new RelativeKeyId(HexFormat.of().formatHex(bytes));
    }

    private static boolean isLowerHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    @Override
    public String toString() {
        return value;
    }
}
