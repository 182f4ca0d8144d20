package io.enrolgate.mef.app;

import io.enrolgate.mef.core.MefService;
import io.enrolgate.mef.protocol.MmefRequestHandler;
import io.enrolgate.mef.store.jdbc.MefStorage;
import io.enrolgate.mef.tls.PskClients;
import io.enrolgate.mef.transport.MmefListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MEF service: its database, the Mmef port (HTTPS, TLS-PSK), the reaper of expired registrations and
 * the admin port. {@code java ... io.enrolgate.mef.app.MefServer --config mef.properties} runs it until
 * stopped; {@link #start(MefConfig)} runs it in-process (the CLI's {@code serve mef}, the demo, tests).
 */
public final class MefServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MefServer.class);

    private final MefStorage storage;
    private final MmefListener listener;
    private final AdminServer admin;
    private final ScheduledExecutorService reaper;

    private MefServer(MefStorage storage, MmefListener listener, AdminServer admin, ScheduledExecutorService reaper) {
        this.storage = storage;
        this.listener = listener;
        this.admin = admin;
        this.reaper = reaper;
    }

    /** Opens the database (migrating it), then the Mmef and admin ports, then starts the reaper. */
    public static MefServer start(MefConfig config) throws IOException, InterruptedException {
        LOG.info("starting the MEF: {}", config);
        MefStorage storage = MefStorage.open(config.database(), config.keyEncryptionKey());
        MmefListener listener = null;
        AdminServer admin = null;
        try {
            MefMetrics metrics = new MefMetrics();
            MefService service = new MefService(storage.store(), storage.audit(), config.policy(),
                    Clock.systemUTC(), metrics);
            listener = new MmefListener(config.listener(), new PskClients(config.clients()),
                    new MmefRequestHandler(service, config.listener().mefFqdn()), metrics).start();
            MmefListener running = listener;
            admin = new AdminServer(metrics, () -> running.isRunning() && storage.store().isReady())
                    .start(config.adminBindAddress(), config.adminPort());
            ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "mef-reaper");
                thread.setDaemon(true);
                return thread;
            });
            long every = config.reapInterval().toMillis();
            reaper.scheduleWithFixedDelay(() -> reap(service), every, every, TimeUnit.MILLISECONDS);
            LOG.info("MEF {} ready: Mmef on port {}, admin on port {}", config.listener().mefFqdn(),
                    listener.port(), admin.port());
            return new MefServer(storage, listener, admin, reaper);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (admin != null) {
                admin.close();
            }
            if (listener != null) {
                listener.close();
            }
            storage.close();
            throw e;
        }
    }

    private static void reap(MefService service) {
        try {
            int removed = service.removeExpired();
            if (removed > 0) {
                LOG.info("removed {} expired key registration(s)", removed);
            }
        } catch (RuntimeException e) {
            // The next run tries again; expired registrations are refused meanwhile anyway.
            LOG.warn("removing expired key registrations failed: {}", e.getMessage());
        }
    }

    public int mmefPort() {
        return listener.port();
    }

    public int adminPort() {
        return admin.port();
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        listener.close();
        admin.close();
        storage.close();
    }

    /** {@code --config FILE}: runs the MEF until the process is stopped. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: MefServer --config FILE   (properties; see services/mef/README.md)");
            System.exit(2);
        }
        MefServer server = start(MefConfig.load(Path.of(args[1])));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "mef-shutdown"));
        stopped.await();
    }
}
