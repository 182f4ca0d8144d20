package io.enrolgate.mef.transport;

/** Hears what happens on the Mmef port, for metrics. Must be fast and must not throw. */
public interface TransportObserver {
    TransportObserver NONE = new TransportObserver() {
    };

    /** A TLS handshake failed; {@code reason} comes from {@link io.enrolgate.mef.tls.TlsFailures}. */
    default void handshakeFailed(String reason) {
    }

    /** A connection was closed at once because {@code maxConnections} were already being served. */
    default void connectionRejected() {
    }

    /** A request broke the HTTP rules and was answered with {@code status} before closing. */
    default void malformedRequest(int status) {
    }

    default void connectionOpened() {
    }

    default void connectionClosed() {
    }
}
