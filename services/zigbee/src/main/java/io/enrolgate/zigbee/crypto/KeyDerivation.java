package io.enrolgate.zigbee.crypto;

import io.enrolgate.zigbee.SymmetricKey;

/**
 * The keys the Zigbee key hierarchy (specification §4.5, common security elements) derives from a
 * link key with the keyed hash of {@link HmacMmo} over a one-byte input. APS commands that carry
 * keys are sealed not under the link key itself but under one of these, so that a key-transport
 * frame and a key-load frame can never be mistaken for one another or for application data.
 */
public final class KeyDerivation {
    /** Input byte of the key-transport key, which seals the Transport Key command of a network key. */
    static final byte KEY_TRANSPORT_INPUT = 0x00;
    /** Input byte of the key-load key, which seals Transport Key commands carrying a trust-center link key. */
    static final byte KEY_LOAD_INPUT = 0x02;
    /** Input byte of the verify-key hash, which the APS Verify-Key command carries. */
    static final byte VERIFY_KEY_INPUT = 0x03;

    private KeyDerivation() {
    }

    /** The key-transport key: HMAC-MMO(link key, 0x00). */
    public static SymmetricKey keyTransportKey(SymmetricKey linkKey) {
        return SymmetricKey.of(HmacMmo.compute(linkKey, new byte[] {KEY_TRANSPORT_INPUT}));
    }

    /** The key-load key: HMAC-MMO(link key, 0x02). */
    public static SymmetricKey keyLoadKey(SymmetricKey linkKey) {
        return SymmetricKey.of(HmacMmo.compute(linkKey, new byte[] {KEY_LOAD_INPUT}));
    }

    /**
     * The verify-key hash: HMAC-MMO(link key, 0x03), 16 bytes. Unlike the two keys above it is not a
     * key: a device sends it in the APS Verify-Key command to prove it holds the link key, and the
     * trust center compares it with its own, so it is returned as plain bytes.
     */
    public static byte[] verifyKeyHash(SymmetricKey linkKey) {
        return HmacMmo.compute(linkKey, new byte[] {VERIFY_KEY_INPUT});
    }
}
