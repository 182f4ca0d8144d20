package io.enrolgate.mef.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Idle MEF connections kept for the next requests (HTTP/1.1 keep-alive), so that a busy MEF Client does not pay
 * a TCP connect and a TLS-PSK handshake for every request. At most {@code maxIdle} are kept; one idle longer than
 * {@code idleTimeout} is closed rather than reused, so it should be shorter than the MEF's own idle timeout
 * (its request timeout, 30 s by default), after which the MEF closes it. Thread-safe.
 */
public final class MefConnectionPool implements AutoCloseable {
    /** Below the MEF's default request timeout (30 s), which is how long it keeps an idle connection. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);

    private final int maxIdle;
    private final long idleTimeoutNanos;
    private final Deque<MefConnection> idle = new ArrayDeque<>();
    private boolean closed;

    public MefConnectionPool(int maxIdle, Duration idleTimeout) {
        if (maxIdle < 1) {
            throw new IllegalArgumentException("a MEF connection pool keeps at least 1 idle connection, not " + maxIdle);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout of MEF connections must be positive");
        }
        this.maxIdle = maxIdle;
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    /** The most recently used idle connection that has not timed out; the timed-out ones are closed. */
    Optional<MefConnection> take() {
        while (true) {
            MefConnection connection;
            synchronized (this) {
                connection = idle.pollFirst();
            }
            if (connection == null) {
                return Optional.empty();
            }
            if (connection.idleNanos() < idleTimeoutNanos) {
                return Optional.of(connection);
            }
            connection.close();
        }
    }

    /** Keeps {@code connection} for reuse, or closes it when enough are kept or the pool is closed. */
    void give(MefConnection connection) {
        synchronized (this) {
            if (!closed && idle.size() < maxIdle) {
                idle.addFirst(connection);
                return;
            }
        }
        connection.close();
    }

    /** How many idle connections are kept now. */
    public synchronized int idleCount() {
        return idle.size();
    }

    /** Closes the idle connections; connections in use are closed when they are given back. */
    @Override
    public void close() {
        Deque<MefConnection> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        toClose.forEach(MefConnection::close);
    }
}
