package io.enrolgate.mef.transport;

import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.mef.http.HttpLimits;
import java.time.Duration;

/**
 * How the Mmef port listens. Timeouts bound what one client can hold: {@code handshakeTimeout} for the
 * TLS handshake, {@code requestTimeout} from the moment the server starts waiting for a request until its
 * response is written (so a slow or idle client cannot keep a worker forever).
 */
public record ListenerSettings(
        String bindAddress,
        int port,
        String mefFqdn,
        HttpLimits limits,
        Duration handshakeTimeout,
        Duration requestTimeout,
        int maxConnections,
        int maxRequestsPerConnection) {

    public ListenerSettings {
        mefFqdn = KeyIdentifier.Fqdn.check(mefFqdn);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port (0-65535, 0 = any free)");
        }
        if (maxConnections < 1 || maxRequestsPerConnection < 1) {
            throw new IllegalArgumentException("maxConnections and maxRequestsPerConnection must be at least 1");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero() || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** Defaults for {@code mefFqdn} on {@code port} of every interface. */
    public static ListenerSettings defaults(String mefFqdn, int port) {
        return new ListenerSettings("0.0.0.0", port, mefFqdn, HttpLimits.DEFAULT, Duration.ofSeconds(10),
                Duration.ofSeconds(30), 64, 100);
    }

    public ListenerSettings withBindAddress(String address) {
        return new ListenerSettings(address, port, mefFqdn, limits, handshakeTimeout, requestTimeout,
                maxConnections, maxRequestsPerConnection);
    }

    public ListenerSettings withTimeouts(Duration handshake, Duration request) {
        return new ListenerSettings(bindAddress, port, mefFqdn, limits, handshake, request, maxConnections,
                maxRequestsPerConnection);
    }

    public ListenerSettings withMaxConnections(int max) {
        return new ListenerSettings(bindAddress, port, mefFqdn, limits, handshakeTimeout, requestTimeout, max,
                maxRequestsPerConnection);
    }
}
