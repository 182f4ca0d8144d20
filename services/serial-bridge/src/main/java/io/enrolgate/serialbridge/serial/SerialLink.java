package io.enrolgate.serialbridge.serial;

import io.enrolgate.serialbridge.core.UartPort;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's serial port, kept open: a reader thread opens it (again after every loss, with
 * {@link ReopenBackoff}), reads and hands the bytes to a {@link Listener}; a writer thread writes the frames
 * queued by {@link #send}. Blocking I/O lives on these two threads only, never on an event loop or the
 * broker's callback thread.
 */
public final class SerialLink implements UartPort, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialLink.class);
    private static final int READ_BUFFER = 1024;
    private static final int WRITE_QUEUE = 256;

    /** What the link reports, on the reader thread. */
    public interface Listener {
        void onOpened();

        void onBytes(byte[] bytes, int offset, int count);

        void onClosed();
    }

    private record Outgoing(byte[] frame, Runnable afterWrite) {
    }

    private final String name;
    private final SerialPortOpener opener;
    private final ReopenBackoff backoff;
    private final BlockingQueue<Outgoing> writes = new ArrayBlockingQueue<>(WRITE_QUEUE);
    private final AtomicLong writeFailures = new AtomicLong();
    private final Object lifecycle = new Object();
    private volatile SerialConnection current;
    private volatile boolean running;
    private Thread reader;
    private Thread writer;

    public SerialLink(String name, SerialPortOpener opener, ReopenBackoff backoff) {
        this.name = name;
        this.opener = opener;
        this.backoff = backoff;
    }

    /** Starts opening the port and reading; events go to {@code listener}. */
    public void start(Listener listener) {
        synchronized (lifecycle) {
            if (running) {
                throw new IllegalStateException("serial link " + name + " already started");
            }
            running = true;
            reader = new Thread(() -> readLoop(listener), "serial-reader " + name);
            writer = new Thread(this::writeLoop, "serial-writer " + name);
            reader.setDaemon(true);
            writer.setDaemon(true);
            reader.start();
            writer.start();
        }
    }

    public boolean isOpen() {
        return current != null;
    }

    /** Frames dropped because the port went away before they were written. */
    public long writeFailures() {
        return writeFailures.get();
    }

    @Override
    public boolean send(byte[] frame, Runnable afterWrite) {
        if (current == null) {
            return false;
        }
        return writes.offer(new Outgoing(frame, afterWrite));
    }

    /** Stops both threads and closes the port; waits for them a bounded time. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            running = false;
        }
        SerialConnection connection = current;
        if (connection != null) {
            connection.close();
        }
        reader.interrupt();
        writer.interrupt();
        join(reader);
        join(writer);
    }

    private void readLoop(Listener listener) {
        byte[] buffer = new byte[READ_BUFFER];
        boolean reportedFailure = false;
        while (running) {
            SerialConnection connection;
            try {
                connection = opener.open();
            } catch (IOException | RuntimeException e) {
                Duration wait = backoff.next();
                if (!reportedFailure) {
                    LOG.warn("{}: {}; trying again (every {} ms at first, backing off)", name, e.getMessage(), wait.toMillis());
                    reportedFailure = true;
                } else {
                    LOG.debug("{}: {}; next attempt in {} ms", name, e.getMessage(), wait.toMillis());
                }
                if (!sleep(wait)) {
                    return;
                }
                continue;
            }
            reportedFailure = false;
            backoff.reset();
            writes.clear(); // frames for a previous connection mean nothing to what is on the line now
            current = connection;
            LOG.info("{}: opened {}", name, connection);
            listener.onOpened();
            try {
                while (running) {
                    int n = connection.read(buffer);
                    if (n > 0) {
                        listener.onBytes(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                if (running) {
                    LOG.warn("{}: {}", name, e.getMessage());
                }
            } catch (RuntimeException e) {
                LOG.error("{}: reading failed; closing the port and opening it again", name, e);
            } finally {
                current = null;
                connection.close();
                listener.onClosed();
            }
            if (running && !sleep(backoff.next())) {
                return;
            }
        }
    }

    private void writeLoop() {
        while (running) {
            Outgoing next;
            try {
                next = writes.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next == null) {
                continue;
            }
            SerialConnection connection = current;
            if (connection == null) {
                writeFailures.incrementAndGet();
                continue;
            }
            try {
                connection.write(next.frame());
                next.afterWrite().run();
            } catch (IOException e) {
                writeFailures.incrementAndGet();
                LOG.debug("{}: {}", name, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("{}: after writing a frame", name, e);
            }
        }
    }

    private boolean sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
