package io.enrolgate.provisioning.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How provisioning works through its durable work.
 *
 * @param owner this replica's name on the leases it takes: unique among replicas, stable across its restarts
 * @param keyLifetime the expirationTime asked of the MEF for a confirmed registration (the MEF may shorten it)
 * @param provisionalLifetime how long an unconfirmed registration lives at the MEF; longer than one attempt
 * @param lease how long a claimed item stays with this replica without progress; longer than one attempt
 * @param retry back-off and give-up
 */
public record ProvisioningSettings(String owner, Duration keyLifetime, Duration provisionalLifetime, Duration lease,
        RetryPolicy retry) {
    public ProvisioningSettings {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(retry, "retry");
        requirePositive("key lifetime", keyLifetime);
        requirePositive("provisional lifetime", provisionalLifetime);
        requirePositive("lease", lease);
        if (provisionalLifetime.compareTo(keyLifetime) >= 0) {
            throw new IllegalArgumentException("the provisional lifetime must be shorter than the key lifetime");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}
