package io.enrolgate.zigbee.crypto;

import io.enrolgate.zigbee.SymmetricKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * The keyed hash function for message authentication of the Zigbee specification, Annex B.1.4:
 * HMAC (FIPS 198) built on {@link AesMmoHash}, whose block is 16 bytes. So a key longer than 16
 * bytes is first hashed, a shorter one is padded with zeros to 16, and
 * MAC = H((K XOR opad) || H((K XOR ipad) || message)). The specification's vector is C.6.1.
 */
public final class HmacMmo {
    public static final int MAC_LENGTH = AesMmoHash.HASH_LENGTH;

    private static final byte INNER_PAD = 0x36;
    private static final byte OUTER_PAD = 0x5C;

    private HmacMmo() {
    }

    /** The 16-byte HMAC-MMO of {@code message} under {@code key}. */
    public static byte[] compute(SymmetricKey key, byte[] message) {
        Objects.requireNonNull(key, "key");
        byte[] keyBytes = key.toBytes();
        try {
            return compute(keyBytes, message);
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
        }
    }

    /** The 16-byte HMAC-MMO of {@code message} under a key of any length. */
    public static byte[] compute(byte[] key, byte[] message) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        byte[] blockKey = key.length > AesMmoHash.BLOCK_LENGTH
                ? AesMmoHash.hash(key)
                : Arrays.copyOf(key, AesMmoHash.BLOCK_LENGTH);
        byte[] inner = new byte[AesMmoHash.BLOCK_LENGTH + message.length];
        byte[] outer = new byte[AesMmoHash.BLOCK_LENGTH + AesMmoHash.HASH_LENGTH];
        try {
            for (int i = 0; i < AesMmoHash.BLOCK_LENGTH; i++) {
                inner[i] = (byte) (blockKey[i] ^ INNER_PAD);
                outer[i] = (byte) (blockKey[i] ^ OUTER_PAD);
            }
            System.arraycopy(message, 0, inner, AesMmoHash.BLOCK_LENGTH, message.length);
            byte[] innerHash = AesMmoHash.hash(inner);
            System.arraycopy(innerHash, 0, outer, AesMmoHash.BLOCK_LENGTH, innerHash.length);
            return AesMmoHash.hash(outer);
        } finally {
            // The padded key blocks are the key in thin disguise: do not leave them on the heap.
            Arrays.fill(blockKey, (byte) 0);
            Arrays.fill(inner, 0, AesMmoHash.BLOCK_LENGTH, (byte) 0);
            Arrays.fill(outer, 0, AesMmoHash.BLOCK_LENGTH, (byte) 0);
        }
    }
}
