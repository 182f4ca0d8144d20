package io.enrolgate.zigbee;

import java.util.HexFormat;

/**
 * Hexadecimal text as people type it: upper or lower case, with optional spaces, colons or dashes
 * between digits (as printed on labels and in Wireshark). Output is always upper case, no separators.
 */
public final class Hex {
    private static final HexFormat UPPER = HexFormat.of().withUpperCase();

    private Hex() {
    }

    /** Upper-case hex, no separators: the form used on stdout and in test fixtures. */
    public static String encode(byte[] bytes) {
        return UPPER.formatHex(bytes);
    }

    /**
     * Parses hex digits, ignoring spaces, colons and dashes; an optional leading {@code 0x} is allowed.
     *
     * @throws IllegalArgumentException naming the offending character and its position, or an odd count
     */
    public static byte[] decode(String text) {
        String digits = stripSeparators(text);
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException(
                    "hex text has an odd number of digits (" + digits.length() + "): expected whole bytes");
        }
        return HexFormat.of().parseHex(digits);
    }

    /** The hex digits of {@code text} without separators or 0x prefix, validated. */
    public static String stripSeparators(String text) {
        if (text == null) {
            throw new IllegalArgumentException("hex text is missing");
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("0x") || trimmed.startsWith("0X")) {
            trimmed = trimmed.substring(2);
        }
        StringBuilder digits = new StringBuilder(trimmed.length());
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == ' ' || c == ':' || c == '-') {
                continue;
            }
            if (Character.digit(c, 16) < 0) {
                throw new IllegalArgumentException(
                        "'" + c + "' at position " + (i + 1) + " is not a hex digit (expected 0-9, A-F, "
                                + "optionally separated by spaces, colons or dashes)");
            }
            digits.append(c);
        }
        return digits.toString();
    }
}
