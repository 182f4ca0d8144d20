package io.enrolgate.keyforge.app;

import io.enrolgate.common.config.ServiceConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs key-forge alone: {@code KeyForgeApplication --config key-forge.properties}, or
 * {@code ./enrolgate serve key-forge --config FILE}. Every key of the file can be overridden by an
 * {@code ENROLGATE_*} environment variable (see {@link KeyForgeConfig}). Stops cleanly on SIGTERM.
 */
public final class KeyForgeApplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyForgeApplication.class);
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final KeyForgeService service;

    private KeyForgeApplication(Vertx vertx, KeyForgeService service) {
        this.vertx = vertx;
        this.service = service;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: KeyForgeApplication --config FILE   (keys: see KeyForgeConfig; ENROLGATE_* overrides)");
            System.exit(2);
        }
        KeyForgeConfig config;
        try {
            config = KeyForgeConfig.from(ServiceConfig.load(Path.of(args[1])));
        } catch (IllegalArgumentException e) {
            System.err.println("key-forge: " + e.getMessage());
            System.exit(2);
            return;
        }
        KeyForgeApplication application = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            application.close();
            stopped.countDown();
        }, "key-forge-shutdown"));
        stopped.await();
    }

    /**
     * Starts a replica on its own Vert.x and waits until it serves (registry migrated, broker connected,
     * subscribed, health up).
     *
     * @throws IllegalStateException with the reason when it cannot start; nothing is left running
     */
    public static KeyForgeApplication start(KeyForgeConfig config) {
        Vertx vertx = Vertx.vertx();
        try {
            KeyForgeService service = KeyForgeService.start(vertx, config).await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("key-forge {} serving; health and metrics on port {}", config.instanceId(), service.httpPort());
            return new KeyForgeApplication(vertx, service);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("key-forge could not start: " + e.getMessage(), e);
        }
    }

    public KeyForgeService service() {
        return service;
    }

    /** Stops serving (in-flight requests finish, the MQTT session ends) and closes Vert.x. */
    @Override
    public void close() {
        LOG.info("stopping key-forge");
        try {
            service.stop().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("key-forge did not stop cleanly: {}", e.toString(), e);
        }
        try {
            // Waited for from this thread: a listener on an event loop would outlive the loop it runs on.
            vertx.close().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Vert.x did not close cleanly: {}", e.getMessage());
        }
    }
}
