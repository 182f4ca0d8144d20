package io.enrolgate.zigbee.crypto;

import io.enrolgate.zigbee.IeeeAddress;

/**
 * The 13-byte CCM* nonce of Zigbee security (specification §4.5, common security elements):
 * source IEEE address (8 bytes, little-endian) || frame counter (4 bytes, little-endian) ||
 * security control byte. The security control byte is the one of the auxiliary header with the
 * security level filled in (on air the level bits are zero, DESIGN.md §4), e.g. 0x35 for a
 * Transport Key under the key-transport key at level 5.
 */
public final class CcmNonce {
    public static final int LENGTH = 13;
    public static final long MAXIMUM_FRAME_COUNTER = 0xFFFF_FFFFL;

    private static final int FRAME_COUNTER_OFFSET = IeeeAddress.LENGTH;
    private static final int SECURITY_CONTROL_OFFSET = FRAME_COUNTER_OFFSET + 4;

    private CcmNonce() {
    }

    /**
     * @param source the IEEE address of the frame's originator
     * @param frameCounter 0 to 2^32 - 1
     * @param securityControl 0 to 0xFF
     * @throws IllegalArgumentException if a number is out of its range
     */
    public static byte[] build(IeeeAddress source, long frameCounter, int securityControl) {
        if (source == null) {
            throw new IllegalArgumentException("source IEEE address is missing");
        }
        if (frameCounter < 0 || frameCounter > MAXIMUM_FRAME_COUNTER) {
            throw new IllegalArgumentException("frame counter " + frameCounter
                    + " is out of range: expected 0 to " + MAXIMUM_FRAME_COUNTER + " (32 bits)");
        }
        if (securityControl < 0 || securityControl > 0xFF) {
            throw new IllegalArgumentException("security control " + securityControl
                    + " is out of range: expected one byte, 0 to 255 (0x00 to 0xFF)");
        }
        byte[] nonce = new byte[LENGTH];
        source.writeLittleEndian(nonce, 0);
        for (int i = 0; i < 4; i++) {
            nonce[FRAME_COUNTER_OFFSET + i] = (byte) (frameCounter >>> (Byte.SIZE * i));
        }
        nonce[SECURITY_CONTROL_OFFSET] = (byte) securityControl;
        return nonce;
    }
}
