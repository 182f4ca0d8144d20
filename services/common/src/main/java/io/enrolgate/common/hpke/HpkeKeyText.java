package io.enrolgate.common.hpke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The text form of X25519 keys in files and configuration: standard base64 of the 32 raw bytes (as
 * WireGuard and {@code openssl pkey -outform DER | tail -c 32 | base64} give), or 64 hex digits.
 * Messages say where the text came from and what was expected, never the text.
 */
final class HpkeKeyText {
    private HpkeKeyText() {
    }

    static byte[] decode(String text, String what, String source) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(what + " from " + source + " is empty: " + expected());
        }
        byte[] bytes = null;
        if (trimmed.length() == 2 * HpkeSuite.KEY_LENGTH && trimmed.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            bytes = HexFormat.of().parseHex(trimmed);
        } else {
            try {
                bytes = Base64.getDecoder().decode(trimmed);
            } catch (IllegalArgumentException notBase64) {
                throw new IllegalArgumentException(what + " from " + source + " (" + trimmed.length()
                        + " characters) is neither hex nor base64: " + expected());
            }
        }
        if (bytes.length != HpkeSuite.KEY_LENGTH) {
            throw new IllegalArgumentException(what + " from " + source + " decodes to " + bytes.length
                    + " bytes: " + expected());
        }
        return bytes;
    }

    static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " file " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + what + " file " + file + ": " + e.getMessage(), e);
        }
    }

    static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String expected() {
        return "expected an X25519 key of 32 bytes, as base64 (44 characters) or 64 hex digits";
    }
}
