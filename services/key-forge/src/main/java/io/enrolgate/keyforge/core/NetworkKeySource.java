package io.enrolgate.keyforge.core;

import io.enrolgate.zigbee.SymmetricKey;
import java.nio.charset.StandardCharsets;
import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Draws the network keys key-forge issues: 128 bits each from a NIST SP 800-90A DRBG (the JDK's
 * {@code DRBG}, Hash_DRBG SHA-256 by default) at 256-bit strength with prediction resistance, so every key
 * is drawn right after a reseed from the system's entropy source: a key never depends on the state of
 * earlier draws alone. Thread-safe.
 */
public final class NetworkKeySource {
    private static final byte[] PERSONALISATION = "enrolgate key-forge network keys".getBytes(StandardCharsets.US_ASCII);

    private final SecureRandom drbg;

    private NetworkKeySource(SecureRandom drbg) {
        this.drbg = drbg;
    }

    public static NetworkKeySource create() {
        try {
            return new NetworkKeySource(SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.PR_AND_RESEED, PERSONALISATION)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK's DRBG SecureRandom is not available", e);
        }
    }

    /** The DRBG's description (algorithm, strength): for the start-up log, no state. */
    public String describe() {
        if (drbg.getParameters() instanceof DrbgParameters.Instantiation instantiation) {
            return drbg.getAlgorithm() + " (strength " + instantiation.getStrength() + " bits, "
                    + instantiation.getCapability() + ")";
        }
        return drbg.getAlgorithm();
    }

    public SymmetricKey nextKey() {
        byte[] bytes = new byte[SymmetricKey.LENGTH];
        try {
            drbg.nextBytes(bytes);
            return SymmetricKey.of(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
