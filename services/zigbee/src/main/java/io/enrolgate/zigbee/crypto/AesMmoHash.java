package io.enrolgate.zigbee.crypto;

import java.util.Objects;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The Matyas-Meyer-Oseas hash over AES-128 of the Zigbee specification, Annex B.6 ("AES-MMO"):
 * starting from a zero block, each 16-byte block M<sub>j</sub> of the padded message gives
 * Hash<sub>j</sub> = E(Hash<sub>j-1</sub>, M<sub>j</sub>) XOR M<sub>j</sub>, the previous hash value being the
 * AES key. The result is the last Hash<sub>j</sub>, 16 bytes.
 *
 * <p>Padding appends a 1 bit, then zero bits, then the message length in bits, in one of two forms:
 * <ul>
 *   <li>a message shorter than 2<sup>16</sup> bits (8192 bytes): the length as 16 bits, the zeros chosen
 *       so that the padded message ends on a block boundary;</li>
 *   <li>a longer one: the length as 32 bits followed by 16 zero bits, again ending on a block boundary.
 *       The specification's vectors C.5.4 to C.5.6 exercise this form.</li>
 * </ul>
 * The long form records at most 2<sup>32</sup> - 1 bits, so messages are limited to 2<sup>29</sup> - 1 bytes.
 */
public final class AesMmoHash {
    public static final int BLOCK_LENGTH = 16;
    public static final int HASH_LENGTH = 16;

    /** Messages of this many bytes or more take the long padding form (2^16 bits). */
    static final int LONG_FORM_THRESHOLD_BYTES = 1 << 13;
    /** The long form's 32-bit length field limits the message to fewer than 2^32 bits. */
    static final int MAXIMUM_MESSAGE_BYTES = (1 << 29) - 1;

    /** The padding byte that carries the appended 1 bit, followed by seven of the zero bits. */
    private static final byte FIRST_PADDING_BYTE = (byte) 0x80;
    /** The short form ends with a 16-bit length; the long form with a 32-bit length and 16 zero bits. */
    private static final int SHORT_FORM_TRAILER_BYTES = 2;
    private static final int LONG_FORM_TRAILER_BYTES = 6;

    private AesMmoHash() {
    }

    /**
     * The 16-byte AES-MMO hash of {@code message}.
     *
     * @throws IllegalArgumentException if the message is 2^29 bytes or longer (the padding cannot
     *     record its length)
     */
    public static byte[] hash(byte[] message) {
        Objects.requireNonNull(message, "message");
        if (message.length > MAXIMUM_MESSAGE_BYTES) {
            throw new IllegalArgumentException("AES-MMO hashes at most " + MAXIMUM_MESSAGE_BYTES
                    + " bytes (its padding records the length in 32 bits), got " + message.length);
        }
        BlockCipher aes = AESEngine.newInstance();
        byte[] state = new byte[HASH_LENGTH];
        int wholeBlocks = message.length / BLOCK_LENGTH;
        for (int block = 0; block < wholeBlocks; block++) {
            compress(aes, state, message, block * BLOCK_LENGTH);
        }
        byte[] tail = paddedTail(message, wholeBlocks * BLOCK_LENGTH);
        for (int offset = 0; offset < tail.length; offset += BLOCK_LENGTH) {
            compress(aes, state, tail, offset);
        }
        return state;
    }

    /**
     * The bytes of the message after its last whole block, followed by the padding: one or two
     * blocks, depending on whether the trailer still fits after the remaining message bytes.
     */
    private static byte[] paddedTail(byte[] message, int tailStart) {
        int remaining = message.length - tailStart;
        boolean longForm = message.length >= LONG_FORM_THRESHOLD_BYTES;
        int trailerBytes = longForm ? LONG_FORM_TRAILER_BYTES : SHORT_FORM_TRAILER_BYTES;
        int unpadded = remaining + 1 + trailerBytes;
        int tailLength = (unpadded + BLOCK_LENGTH - 1) / BLOCK_LENGTH * BLOCK_LENGTH;

        byte[] tail = new byte[tailLength];
        System.arraycopy(message, tailStart, tail, 0, remaining);
        tail[remaining] = FIRST_PADDING_BYTE;
        long bitLength = (long) message.length * Byte.SIZE;
        // Big-endian, as the specification writes bit strings; the long form's 16 zero bits are already there.
        int lengthEnd = longForm ? tailLength - 2 : tailLength;
        int lengthBytes = longForm ? 4 : 2;
        for (int i = 0; i < lengthBytes; i++) {
            tail[lengthEnd - 1 - i] = (byte) (bitLength >>> (Byte.SIZE * i));
        }
        return tail;
    }

    /** One Matyas-Meyer-Oseas step: state = E(state, block) XOR block. */
    private static void compress(BlockCipher aes, byte[] state, byte[] source, int offset) {
        aes.init(true, new KeyParameter(state));
        byte[] encrypted = new byte[BLOCK_LENGTH];
        aes.processBlock(source, offset, encrypted, 0);
        for (int i = 0; i < BLOCK_LENGTH; i++) {
            state[i] = (byte) (encrypted[i] ^ source[offset + i]);
        }
    }
}
