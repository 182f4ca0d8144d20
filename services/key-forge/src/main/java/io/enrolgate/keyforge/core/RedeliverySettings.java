package io.enrolgate.keyforge.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The KeyDelivery outbox sweep ({@link KeyDeliverySweep}): every {@code interval}, a replica publishes again the
 * KeyDeliveries of enrolments still KEY_ISSUED {@code age} after their last change, at most {@code batchSize}
 * per pass. Provisioning moves an enrolment on (KEY_PROVISIONED, FAILED) once it has the key, so only keys that
 * never reached it are sent again: those of a replica that died between recording and publishing, or lost on
 * the way. Every replica may sweep; a claim in the registry lets one of them send each KeyDelivery, and
 * provisioning is idempotent by enrolment id anyway.
 *
 * @param age how long an issued key may wait for provisioning before it is sent again (and again after as
 *     long, while it still waits); longer than provisioning takes to record a key it received
 * @param interval time between two passes; zero turns the sweep off
 * @param batchSize KeyDeliveries sent again per pass at most
 */
public record RedeliverySettings(Duration age, Duration interval, int batchSize) {
    public static final Duration DEFAULT_AGE = Duration.ofMinutes(2);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final int DEFAULT_BATCH_SIZE = 200;
    public static final RedeliverySettings DEFAULT = new RedeliverySettings(DEFAULT_AGE, DEFAULT_INTERVAL,
            DEFAULT_BATCH_SIZE);

    public RedeliverySettings {
        Objects.requireNonNull(age, "age");
        Objects.requireNonNull(interval, "interval");
        if (age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("redelivery age " + age + ": expected a positive duration");
        }
        if (interval.isNegative() || (!interval.isZero() && interval.toMillis() < 1)) {
            throw new IllegalArgumentException("redelivery interval " + interval + ": expected 0 (off) or at least 1 ms");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("redelivery batch size " + batchSize + ": expected at least 1");
        }
    }

    public boolean enabled() {
        return !interval.isZero();
    }
}
