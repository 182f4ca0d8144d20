package io.enrolgate.mef.transport;

import io.enrolgate.mef.protocol.MmefRequestHandler;
import io.enrolgate.mef.tls.PskClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mmef port: accepts TCP connections and serves each on a worker thread (blocking I/O; Java 17 has
 * no virtual threads). At most {@code maxConnections} are served at once; the next ones are closed at
 * once rather than queued, so an overload cannot pile up sockets.
 */
public final class MmefListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MmefListener.class);

    private final ListenerSettings settings;
    private final PskClients clients;
    private final MmefRequestHandler handler;
    private final TransportObserver observer;
    private final TlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService watchdog;
    private ServerSocket serverSocket;
    private Thread acceptor;

    public MmefListener(ListenerSettings settings, PskClients clients, MmefRequestHandler handler,
            TransportObserver observer) {
        this.settings = settings;
        this.clients = clients;
        this.handler = handler;
        this.observer = observer;
        AtomicInteger count = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, settings.maxConnections(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> daemon(runnable, "mmef-conn-" + count.incrementAndGet()));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "mmef-watchdog"));
    }

    /** Binds the port and starts accepting; returns once the port is bound. */
    public synchronized MmefListener start() throws IOException {
        if (serverSocket != null) {
            throw new IllegalStateException("already started");
        }
        serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.port()),
                128);
        acceptor = daemon(this::acceptLoop, "mmef-acceptor");
        acceptor.start();
        LOG.info("Mmef (HTTPS, TLS 1.2 PSK) listening on {}:{} as {}", settings.bindAddress(), port(),
                settings.mefFqdn());
        return this;
    }

    /** The bound port (useful when the settings asked for port 0). */
    public int port() {
        return serverSocket.getLocalPort();
    }

    public boolean isRunning() {
        return serverSocket != null && !serverSocket.isClosed();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                LOG.warn("accept failed: {}", e.toString());
                continue;
            }
            try {
                workers.execute(new MmefConnection(socket, crypto, clients, handler, settings, watchdog, observer));
            } catch (RejectedExecutionException e) {
                observer.connectionRejected();
                LOG.warn("{} connections already served: closing {}", settings.maxConnections(),
                        socket.getRemoteSocketAddress());
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Nothing more to do for a connection we refuse anyway.
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (serverSocket != null) {
            try {
                serverSocket.close();
            } catch (IOException e) {
                LOG.debug("closing the Mmef port: {}", e.toString());
            }
        }
        workers.shutdownNow();
        watchdog.shutdownNow();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
