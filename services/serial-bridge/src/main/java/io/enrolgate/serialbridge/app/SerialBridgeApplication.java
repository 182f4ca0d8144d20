package io.enrolgate.serialbridge.app;

import io.enrolgate.common.config.ServiceConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the serial-bridge alone: {@code SerialBridgeApplication --config serial-bridge.properties}, or {@code
 * ./enrolgate serve serial-bridge --port PATH --mqtt URL}. Serves until SIGTERM, then says offline and stops.
 */
public final class SerialBridgeApplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialBridgeApplication.class);

    private final Vertx vertx;
    private final SerialBridgeService service;

    private SerialBridgeApplication(Vertx vertx, SerialBridgeService service) {
        this.vertx = vertx;
        this.service = service;
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: SerialBridgeApplication --config FILE   (keys: see SerialBridgeConfig; ENROLGATE_* overrides)");
            System.exit(2);
        }
        SerialBridgeConfig config;
        try {
            config = SerialBridgeConfig.from(ServiceConfig.load(Path.of(args[1])));
        } catch (IllegalArgumentException e) {
            System.err.println("serial-bridge: " + e.getMessage());
            System.exit(2);
            return;
        }
        SerialBridgeApplication application;
        try {
            application = start(config);
        } catch (IllegalArgumentException e) {
            System.err.println("serial-bridge: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IllegalStateException e) {
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            application.close();
            stopped.countDown();
        }, "serial-bridge-shutdown"));
        stopped.await();
    }

    /** Starts the bridge on its own Vert.x; {@link #close()} stops both. */
    public static SerialBridgeApplication start(SerialBridgeConfig config) {
        Vertx vertx = Vertx.vertx();
        try {
            SerialBridgeService service = SerialBridgeService.start(vertx, config).await(60, TimeUnit.SECONDS);
            LOG.info("serial-bridge on {} serving; health and metrics on port {}", config.serial().path(),
                    service.httpPort());
            return new SerialBridgeApplication(vertx, service);
        } catch (IllegalArgumentException e) {
            // Bad configuration, e.g. a TLS file that cannot be used: the caller reports it as bad input.
            vertx.close();
            throw e;
        } catch (Exception e) {
            LOG.error("serial-bridge could not start: {}", e.getMessage(), e);
            vertx.close();
            throw new IllegalStateException("serial-bridge could not start: " + e.getMessage(), e);
        }
    }

    public SerialBridgeService service() {
        return service;
    }

    /** Stops the bridge (status offline, port closed, MQTT disconnected), then its Vert.x; bounded waits. */
    @Override
    public void close() {
        LOG.info("stopping serial-bridge");
        try {
            // Not chained on the Vert.x future: its continuation would run on an event loop that close() stops.
            service.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("serial-bridge did not stop cleanly: {}", e.toString());
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Vert.x did not close cleanly: {}", e.toString());
        }
    }
}
