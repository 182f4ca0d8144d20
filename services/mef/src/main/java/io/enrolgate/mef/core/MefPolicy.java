package io.enrolgate.mef.core;

import java.time.Duration;

/**
 * Lifetimes the MEF grants: a registration without expirationTime gets {@code defaultLifetime}; one
 * that asks for longer than {@code maxLifetime} is shortened to it (the response tells the client the
 * expirationTime actually granted, as TS-0003 has the MEF return it).
 */
public record MefPolicy(Duration defaultLifetime, Duration maxLifetime) {
    public static final MefPolicy DEFAULT = new MefPolicy(Duration.ofDays(365), Duration.ofDays(5 * 365));

    public MefPolicy {
        if (defaultLifetime == null || maxLifetime == null || defaultLifetime.isNegative()
                || defaultLifetime.isZero() || maxLifetime.compareTo(defaultLifetime) < 0) {
            throw new IllegalArgumentException("lifetimes must be positive with defaultLifetime <= maxLifetime,"
                    + " got default " + defaultLifetime + ", max " + maxLifetime);
        }
    }
}
