package io.enrolgate.serialbridge.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How the bridge treats EG Requests.
 *
 * @param responseTimeout how long to wait for key-forge's answer before publishing the same request id again
 * @param maxRetries how many times a request is published again (key-forge answers a repeat from its record)
 * @param requestDeadline how long a joiner waits for its key (the firmware's {@code eg_deadline_ms}, 1.7 s):
 *     a request older than this is dropped, wherever it is
 * @param bufferCapacity requests held while the broker is unreachable; beyond it the oldest is dropped
 * @param maxPending requests in progress at once (published or held); beyond it new ones are dropped
 */
public record BridgeSettings(Duration responseTimeout, int maxRetries, Duration requestDeadline, int bufferCapacity,
        int maxPending) {

    public static final BridgeSettings DEFAULTS =
            new BridgeSettings(Duration.ofMillis(500), 2, Duration.ofMillis(1700), 32, 256);

    public BridgeSettings {
        requirePositive("response timeout", responseTimeout);
        requirePositive("request deadline", requestDeadline);
        if (maxRetries < 0 || maxRetries > 100) {
            throw new IllegalArgumentException("max retries " + maxRetries + ": expected 0..100");
        }
        if (bufferCapacity < 1 || bufferCapacity > 10_000) {
            throw new IllegalArgumentException("buffer capacity " + bufferCapacity + ": expected 1..10000");
        }
        if (maxPending < bufferCapacity || maxPending > 100_000) {
            throw new IllegalArgumentException("max pending " + maxPending + ": expected buffer capacity ("
                    + bufferCapacity + ")..100000");
        }
    }

    public BridgeSettings withResponseTimeout(Duration value) {
        return new BridgeSettings(value, maxRetries, requestDeadline, bufferCapacity, maxPending);
    }

    public BridgeSettings withMaxRetries(int value) {
        return new BridgeSettings(responseTimeout, value, requestDeadline, bufferCapacity, maxPending);
    }

    public BridgeSettings withRequestDeadline(Duration value) {
        return new BridgeSettings(responseTimeout, maxRetries, value, bufferCapacity, maxPending);
    }

    public BridgeSettings withBufferCapacity(int value) {
        return new BridgeSettings(responseTimeout, maxRetries, requestDeadline, value, Math.max(maxPending, value));
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
