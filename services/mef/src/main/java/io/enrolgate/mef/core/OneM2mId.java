package io.enrolgate.mef.core;

/**
 * A oneM2M entity identifier as the MEF handles it: an AE-ID or CSE-ID (absolute, SP-relative or
 * CSE-relative, e.g. {@code CAE01}, {@code /in-cse/Cae01}, {@code //sp.example/in-cse/Cae01}), used for
 * targetIDs and the Source MEF Client ID. The MEF compares them as exact strings, so only the
 * characters of TS-0001 identifiers are accepted.
 */
public record OneM2mId(String value) {
    public static final int MAX_LENGTH = 256;

    public OneM2mId {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a oneM2M ID is 1 to " + MAX_LENGTH + " characters, got '"
                    + Printable.of(value, 300) + "'");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isIdChar(c)) {
                throw new IllegalArgumentException("oneM2M ID '" + Printable.of(value, 300) + "': character "
                        + (i + 1) + " is not allowed (expected letters, digits and - . _ ~ / : )");
            }
        }
    }

    private static boolean isIdChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == ':';
    }

    @Override
    public String toString() {
        return value;
    }
}
