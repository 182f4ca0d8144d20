package io.enrolgate.provisioning.app;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs provisioning alone: {@code ProvisioningApplication --config provisioning.properties}, or
 * {@code ./enrolgate serve provisioning --config FILE}. Every key of the file can be overridden by an
 * {@code ENROLGATE_*} environment variable (see {@link ProvisioningConfig}); secrets (the HPKE private key, the
 * MEF PSK, the registry's key-encryption key) are best given as files or variables. Stops cleanly on SIGTERM.
 */
public final class ProvisioningApplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningApplication.class);
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final ProvisioningService service;

    private ProvisioningApplication(Vertx vertx, ProvisioningService service) {
        this.vertx = vertx;
        this.service = service;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: ProvisioningApplication --config FILE   (keys: see ProvisioningConfig;"
                    + " ENROLGATE_* overrides)");
            System.exit(2);
        }
        ProvisioningConfig config;
        try {
            config = ProvisioningConfig.load(Path.of(args[1]));
        } catch (IllegalArgumentException e) {
            System.err.println("provisioning: " + e.getMessage());
            System.exit(2);
            return;
        }
        ProvisioningApplication application = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            application.close();
            stopped.countDown();
        }, "provisioning-shutdown"));
        stopped.await();
    }

    /**
     * Starts a replica on its own Vert.x and waits until it serves (databases migrated, broker connected,
     * subscribed, health up).
     *
     * @throws IllegalStateException with the reason when it cannot start; nothing is left running
     */
    public static ProvisioningApplication start(ProvisioningConfig config) {
        Vertx vertx = Vertx.vertx();
        try {
            ProvisioningService service = ProvisioningService.start(vertx, config)
                    .await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("provisioning {} serving; health and metrics on port {}", config.instanceId(), service.httpPort());
            return new ProvisioningApplication(vertx, service);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("provisioning could not start: " + e.getMessage(), e);
        }
    }

    public ProvisioningService service() {
        return service;
    }

    /** Stops serving (attempts in progress end, the MQTT session ends) and closes Vert.x. */
    @Override
    public void close() {
        LOG.info("stopping provisioning");
        try {
            service.stop().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("provisioning did not stop cleanly: {}", e.toString(), e);
        }
        try {
            // Waited for from this thread: a listener on an event loop would outlive the loop it runs on.
            vertx.close().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Vert.x did not close cleanly: {}", e.getMessage());
        }
    }
}
