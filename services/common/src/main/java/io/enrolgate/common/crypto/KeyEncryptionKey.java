package io.enrolgate.common.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key under which a service encrypts its secrets at rest (see {@link AtRestCipher}): 128 or 256 bits
 * of AES key, supplied as a secret file or an environment variable, written as hex (32 or 64 digits) or
 * base64 (standard or URL-safe alphabet). Leading and trailing white space (a final newline) is ignored.
 *
 * <p>Error messages name where the key came from and what was expected, never the text that was found;
 * {@link #toString()} shows only the size and the {@link #id()}.
 */
public final class KeyEncryptionKey {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] ID_CONTEXT = "enrolgate key-encryption key id".getBytes(StandardCharsets.US_ASCII);
    private static final String EXPECTED = "expected 32 or 64 hex digits, or the base64 of 16 or 32 bytes";

    private final SecretKeySpec key;
    private final byte[] id;

    private KeyEncryptionKey(byte[] bytes) {
        this.key = new SecretKeySpec(bytes, "AES");
        this.id = computeId(bytes);
    }

    /** A key from raw bytes, which must be 16 (AES-128) or 32 (AES-256) long; the bytes are copied. */
    public static KeyEncryptionKey of(byte[] bytes) {
        if (bytes == null || (bytes.length != 16 && bytes.length != 32)) {
            throw new IllegalArgumentException("a key-encryption key is 16 or 32 bytes (AES-128 or AES-256), got "
                    + (bytes == null ? "none" : bytes.length + " bytes"));
        }
        return new KeyEncryptionKey(bytes.clone());
    }

    /** A fresh random AES-256 key. */
    public static KeyEncryptionKey generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new KeyEncryptionKey(bytes);
    }

    /**
     * Parses the text of a key. {@code source} says where the text came from ("file /run/secrets/kek",
     * "environment variable ENROLGATE_KEK") and starts every error message.
     */
    public static KeyEncryptionKey parse(String text, String source) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("key-encryption key from " + source + " is empty: " + EXPECTED);
        }
        byte[] bytes = decode(trimmed);
        if (bytes == null) {
            throw new IllegalArgumentException("key-encryption key from " + source + " (" + trimmed.length()
                    + " characters) is neither hex nor base64: " + EXPECTED);
        }
        if (bytes.length != 16 && bytes.length != 32) {
            throw new IllegalArgumentException("key-encryption key from " + source + " decodes to " + bytes.length
                    + " bytes: " + EXPECTED);
        }
        return new KeyEncryptionKey(bytes);
    }

    /** Reads a key from a secret file (as mounted by Kubernetes or Docker secrets). */
    public static KeyEncryptionKey fromFile(Path file) {
        String source = "file " + file;
        try {
            return parse(Files.readString(file, StandardCharsets.US_ASCII), source);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("key-encryption key " + source + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("key-encryption key " + source + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Reads a key from the environment variable {@code name} of this process. */
    public static KeyEncryptionKey fromEnvironment(String name) {
        return fromEnvironment(name, System.getenv());
    }

    /** Reads a key from the variable {@code name} of {@code environment} (tests pass their own map). */
    public static KeyEncryptionKey fromEnvironment(String name, Map<String, String> environment) {
        String value = environment.get(name);
        if (value == null) {
            throw new IllegalArgumentException("environment variable " + name
                    + " is not set: it must hold the key-encryption key (" + EXPECTED + ")");
        }
        return parse(value, "environment variable " + name);
    }

    /**
     * Writes this key as hex to a new file readable by its owner only (mode 0600 where the file system
     * has POSIX permissions). Refuses to overwrite an existing file: a lost key loses every secret under it.
     */
    public void writeNewFile(Path file) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite a key-encryption key");
        }
        byte[] text = (HEX.formatHex(key.getEncoded()) + "\n").getBytes(StandardCharsets.US_ASCII);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.write(file, text, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** 128 or 256. */
    public int bits() {
        return key.getEncoded().length * 8;
    }

    /**
     * A short public name of this key (8 hex digits of a hash): it tells which key sealed a value without
     * revealing anything about the key.
     */
    public String id() {
        return HEX.formatHex(id);
    }

    byte[] idBytes() {
        return id.clone();
    }

    SecretKey secretKey() {
        return key;
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[AES-" + bits() + ", id=" + id() + "]";
    }

    private static byte[] decode(String text) {
        boolean hex = text.chars().allMatch(c -> Character.digit(c, 16) >= 0);
        if (hex && (text.length() == 32 || text.length() == 64)) {
            return HEX.parseHex(text);
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException notStandard) {
            try {
                return Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException notUrlSafe) {
                return null;
            }
        }
    }

    private static byte[] computeId(byte[] keyBytes) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(ID_CONTEXT);
            byte[] digest = sha256.digest(keyBytes);
            return Arrays.copyOf(digest, AtRestCipher.KEY_ID_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
