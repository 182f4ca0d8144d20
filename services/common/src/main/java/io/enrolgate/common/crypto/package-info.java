/**
 * Encryption of secrets at rest, for any service that stores one (the registry's install codes and link
 * keys, the MEF's keys).
 *
 * <pre>{@code
 * KeyEncryptionKey kek = KeyEncryptionKey.fromFile(Path.of("/run/secrets/kek"));   // or fromEnvironment("X_KEK")
 * AtRestCipher cipher = new AtRestCipher(kek);
 * byte[] aad = ("myservice/key/" + id).getBytes(StandardCharsets.US_ASCII);      // the record's identity
 * byte[] stored = cipher.seal(secret, aad);
 * byte[] secret = cipher.open(stored, aad);   // AtRestCipherException if altered, moved or under another key
 * }</pre>
 * A key is 128 or 256 bits written as hex or base64; {@code openssl rand -hex 32} makes one. The
 * associated data should name the record and the field, so that a ciphertext copied elsewhere fails.
 */
package io.enrolgate.common.crypto;
