package io.enrolgate.zigbee.crypto;

import io.enrolgate.zigbee.SymmetricKey;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.modes.CCMModeCipher;
import org.bouncycastle.crypto.modes.CTRModeCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * CCM* over AES-128 as Zigbee uses it (specification Annex A), with the 13-byte nonce of
 * {@link CcmNonce} and so a 2-byte length field (L = 2): messages of at most 65535 bytes.
 *
 * <p>CCM* extends CCM (RFC 3610) with an encryption-only mode. For a MIC of 4, 8 or 16 bytes
 * (security levels 5, 6, 7, the MIC-only levels 1, 2, 3 too, see below) CCM* is exactly CCM, done
 * here by Bouncy Castle's {@link CCMBlockCipher}. For a MIC length of 0 (level 4, encryption only)
 * the message is XORed with the same key stream CCM would use: AES of the counter blocks
 * A<sub>i</sub> = flags (0x01, i.e. L - 1) || nonce || i for i = 1, 2, ..., block A<sub>0</sub> being
 * reserved for encrypting the MIC. With a MIC length of 0 nothing is authenticated, so
 * {@link #open} cannot detect tampering and the associated data plays no part.
 *
 * <p>The MIC-only levels (1, 2, 3) authenticate the payload without encrypting it: pass the header
 * and the payload together as associated data and an empty plaintext; the result is the MIC alone.
 */
public final class CcmStar {
    /** The largest message a 2-byte length field (L = 2, left by a 13-byte nonce) can describe. */
    public static final int MAXIMUM_MESSAGE_LENGTH = 0xFFFF;

    /** Flags byte of the counter blocks: only L - 1 = 1; the Adata and M fields are zero. */
    private static final byte COUNTER_BLOCK_FLAGS = 0x01;

    private CcmStar() {
    }

    /**
     * Encrypts and authenticates {@code plaintext}.
     *
     * @param nonce13 the 13-byte nonce, see {@link CcmNonce}
     * @param associatedData authenticated but not encrypted (empty when there is none)
     * @param micLength 0, 4, 8 or 16
     * @return ciphertext (as long as the plaintext) followed by the MIC ({@code micLength} bytes)
     * @throws IllegalArgumentException naming the argument that has the wrong size
     */
    public static byte[] seal(SymmetricKey key, byte[] nonce13, byte[] associatedData, byte[] plaintext,
            int micLength) {
        validate(key, nonce13, associatedData, micLength);
        Objects.requireNonNull(plaintext, "plaintext");
        requireMessageLength(plaintext.length, "plaintext");
        if (micLength == 0) {
            return applyKeyStream(key, nonce13, plaintext);
        }
        try {
            return process(authenticatedCipher(true, key, nonce13, associatedData, micLength), plaintext);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("CCM encryption cannot fail a MIC check", e);
        }
    }

    /**
     * Verifies the MIC and decrypts.
     *
     * @param ciphertextAndMic what {@link #seal} returned: the ciphertext followed by the MIC
     * @param micLength 0, 4, 8 or 16; with 0 there is no MIC and nothing is verified
     * @return the plaintext
     * @throws MicMismatchException if the MIC does not verify (no plaintext is released)
     * @throws IllegalArgumentException naming the argument that has the wrong size
     */
    public static byte[] open(SymmetricKey key, byte[] nonce13, byte[] associatedData, byte[] ciphertextAndMic,
            int micLength) throws MicMismatchException {
        validate(key, nonce13, associatedData, micLength);
        Objects.requireNonNull(ciphertextAndMic, "ciphertextAndMic");
        if (ciphertextAndMic.length < micLength) {
            throw new IllegalArgumentException("ciphertext and MIC is " + ciphertextAndMic.length
                    + " bytes: expected at least the " + micLength + "-byte MIC");
        }
        requireMessageLength(ciphertextAndMic.length - micLength, "ciphertext");
        if (micLength == 0) {
            return applyKeyStream(key, nonce13, ciphertextAndMic);
        }
        try {
            return process(authenticatedCipher(false, key, nonce13, associatedData, micLength), ciphertextAndMic);
        } catch (InvalidCipherTextException e) {
            throw new MicMismatchException(micLength);
        }
    }

    private static CCMModeCipher authenticatedCipher(boolean forEncryption, SymmetricKey key, byte[] nonce,
            byte[] associatedData, int micLength) {
        CCMModeCipher ccm = CCMBlockCipher.newInstance(AESEngine.newInstance());
        byte[] keyBytes = key.toBytes();
        try {
            ccm.init(forEncryption, new AEADParameters(new KeyParameter(keyBytes), micLength * Byte.SIZE,
                    nonce, associatedData));
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
        }
        return ccm;
    }

    /** Runs a whole packet through CCM; Bouncy Castle buffers it and does all the work in doFinal. */
    private static byte[] process(CCMModeCipher ccm, byte[] input) throws InvalidCipherTextException {
        byte[] output = new byte[ccm.getOutputSize(input.length)];
        int written = ccm.processBytes(input, 0, input.length, output, 0);
        written += ccm.doFinal(output, written);
        return written == output.length ? output : Arrays.copyOf(output, written);
    }

    /** Encryption-only CCM* (M = 0): XOR with AES(A_1), AES(A_2), ...; its own inverse. */
    private static byte[] applyKeyStream(SymmetricKey key, byte[] nonce, byte[] input) {
        byte[] firstCounterBlock = new byte[16];
        firstCounterBlock[0] = COUNTER_BLOCK_FLAGS;
        System.arraycopy(nonce, 0, firstCounterBlock, 1, CcmNonce.LENGTH);
        firstCounterBlock[15] = 1;
        CTRModeCipher counterMode = SICBlockCipher.newInstance(AESEngine.newInstance());
        byte[] keyBytes = key.toBytes();
        try {
            counterMode.init(true, new ParametersWithIV(new KeyParameter(keyBytes), firstCounterBlock));
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
        }
        byte[] output = new byte[input.length];
        counterMode.processBytes(input, 0, input.length, output, 0);
        return output;
    }

    private static void validate(SymmetricKey key, byte[] nonce, byte[] associatedData, int micLength) {
        Objects.requireNonNull(key, "key");
        if (nonce == null || nonce.length != CcmNonce.LENGTH) {
            throw new IllegalArgumentException("CCM* nonce is " + (nonce == null ? "missing" : nonce.length + " bytes")
                    + ": expected " + CcmNonce.LENGTH + " (source IEEE, frame counter, security control)");
        }
        if (associatedData == null) {
            throw new IllegalArgumentException("associated data is missing: pass an empty array when there is none");
        }
        if (micLength != 0 && micLength != 4 && micLength != 8 && micLength != 16) {
            throw new IllegalArgumentException("MIC length " + micLength
                    + " is not one Zigbee uses: expected 0, 4, 8 or 16 bytes (security levels 4, 5, 6, 7)");
        }
    }

    private static void requireMessageLength(int length, String what) {
        if (length > MAXIMUM_MESSAGE_LENGTH) {
            throw new IllegalArgumentException(what + " is " + length + " bytes: CCM* with a 13-byte nonce "
                    + "carries at most " + MAXIMUM_MESSAGE_LENGTH);
        }
    }
}
