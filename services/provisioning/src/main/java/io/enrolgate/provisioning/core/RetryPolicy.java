package io.enrolgate.provisioning.core;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with jitter between attempts, and when to give up. The delay after the n-th failed
 * attempt (n from 1) is {@code initialDelay * 2^(n-1)}, capped at {@code maxDelay}, times a random factor in
 * [0.8, 1.2) so that replicas recovering together do not hammer the MEF or the CSE in step.
 *
 * @param maxAttempts failed attempts of one step after which provisioning gives up (FAILED)
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, int maxAttempts) {
    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("retry delays: expected 0 < initial delay <= maximum delay");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry attempts: expected at least 1");
        }
    }

    /** 1 s doubling to 5 min, 20 attempts: about an hour of outage before giving up. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 20);
    }

    /** The delay before the next attempt once {@code failedAttempts} (at least 1) attempts failed. */
    public Duration delayAfter(int failedAttempts, RandomGenerator random) {
        int exponent = Math.min(Math.max(failedAttempts, 1) - 1, 30);
        double capped = Math.min(initialDelay.toMillis() * Math.pow(2, exponent), maxDelay.toMillis());
        double factor = 0.8 + 0.4 * random.nextDouble();
        return Duration.ofMillis(Math.max(1, (long) (capped * factor)));
    }

    /** Whether {@code failedAttempts} failures of one step exhaust the retries. */
    public boolean exhausted(int failedAttempts) {
        return failedAttempts >= maxAttempts;
    }
}
