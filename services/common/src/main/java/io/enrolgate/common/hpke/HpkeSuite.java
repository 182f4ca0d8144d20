package io.enrolgate.common.hpke;

import org.bouncycastle.crypto.hpke.HPKE;

/**
 * The one HPKE suite Enrolgate uses (RFC 9180 §7): base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
 * AES-128-GCM. Kept in one place so that the sealing and the opening side cannot drift apart.
 */
final class HpkeSuite {
    /** X25519 public keys, private keys and the encapsulated key are all 32 bytes. */
    static final int KEY_LENGTH = 32;
    /** The AES-GCM tag appended to every ciphertext. */
    static final int TAG_LENGTH = 16;

    private HpkeSuite() {
    }

    /** A fresh instance per operation: Bouncy Castle's HPKE objects keep KEM state and are not documented as thread-safe. */
    static HPKE newInstance() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
    }
}
