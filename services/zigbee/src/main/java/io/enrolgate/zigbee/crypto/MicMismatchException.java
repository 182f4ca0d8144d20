package io.enrolgate.zigbee.crypto;

import java.security.GeneralSecurityException;

/**
 * The message integrity code of a CCM* frame does not verify: the frame was altered, or it was sealed
 * under another key, nonce or associated data. It is checked because a received frame failing its
 * MIC is an expected event (interference, a wrong install code, an attacker), not a programming
 * error, and each caller must decide what it means for its protocol. No plaintext is released.
 */
public class MicMismatchException extends GeneralSecurityException {
    private final int micLength;

    public MicMismatchException(int micLength) {
        super("MIC mismatch: the " + micLength + "-byte MIC does not verify under this key, nonce and "
                + "associated data (wrong key, or the frame or its header was altered)");
        this.micLength = micLength;
    }

    /** The length of the MIC that failed, in bytes: 4, 8 or 16. */
    public int micLength() {
        return micLength;
    }
}
