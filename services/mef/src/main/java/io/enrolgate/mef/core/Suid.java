package io.enrolgate.mef.core;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Security Usage Identifier (SUID, TS-0003; the m2m:suid enumeration of TS-0004). Only the values of
 * keys that a MEF remote-provisions (the "2x" family) can be registered at a MEF; the others name
 * pre-provisioned keys (1x), MAF-distributed keys (3x) or certificates (4x) and are refused.
 */
public enum Suid {
    /** Remote-provisioned symmetric key, to be shared with an M2M Authentication Function (MAF). */
    MAF_SHARED_KEY(21),
    /** Remote-provisioned symmetric key for a Security Association Establishment Framework. */
    SECURITY_ASSOCIATION(22),
    /** Remote-provisioned symmetric key for End-to-End Security of Primitives (ESPrim). */
    END_TO_END_PRIMITIVES(23),
    /** Remote-provisioned (RSPF) symmetric key for End-to-End Security of Data (ESData): Enrolgate's keys. */
    END_TO_END_DATA(24);

    private final int value;

    Suid(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** @throws IllegalArgumentException naming the value and the accepted ones */
    public static Suid of(int value) {
        for (Suid suid : values()) {
            if (suid.value == value) {
                return suid;
            }
        }
        throw new IllegalArgumentException("SUID " + value + " cannot be registered at a MEF: expected one of "
                + acceptedValues() + " (keys remote-provisioned by a MEF; 24 = ESData)");
    }

    static String acceptedValues() {
        return Arrays.stream(values()).map(s -> Integer.toString(s.value)).collect(Collectors.joining(", "));
    }
}
