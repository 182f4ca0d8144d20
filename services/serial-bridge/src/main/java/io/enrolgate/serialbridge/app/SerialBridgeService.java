package io.enrolgate.serialbridge.app;

import io.enrolgate.common.health.HealthServer;
import io.enrolgate.common.health.ReadinessCheck;
import io.enrolgate.common.metrics.ServiceMetrics;
import io.enrolgate.serialbridge.core.BridgeMetrics;
import io.enrolgate.serialbridge.core.SerialBridge;
import io.enrolgate.serialbridge.serial.JSerialCommOpener;
import io.enrolgate.serialbridge.serial.ReopenBackoff;
import io.enrolgate.serialbridge.serial.SerialLink;
import io.enrolgate.serialbridge.serial.SerialPortOpener;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running serial-bridge, assembled from a {@link SerialBridgeConfig}: the serial link (its own reader and
 * writer threads), the MQTT broker adapter, the {@link SerialBridge} core, a timer that ticks it, and the health
 * and metrics server on the given Vert.x. Ready = port open, gateway HELLO seen, MQTT connected.
 */
public final class SerialBridgeService {
    private static final Logger LOG = LoggerFactory.getLogger(SerialBridgeService.class);
    private static final long TICK_MILLIS = 20;

    private final Vertx vertx;
    private final SerialBridge bridge;
    private final SerialLink link;
    private final MqttBroker broker;
    private final ScheduledExecutorService timer;
    private final PrometheusMeterRegistry meterRegistry;
    private final BridgeMetrics metrics;
    private final HealthServer health;
    private final String healthId;

    private SerialBridgeService(Vertx vertx, SerialBridge bridge, SerialLink link, MqttBroker broker,
            ScheduledExecutorService timer, PrometheusMeterRegistry meterRegistry, BridgeMetrics metrics,
            HealthServer health, String healthId) {
        this.vertx = vertx;
        this.bridge = bridge;
        this.link = link;
        this.broker = broker;
        this.timer = timer;
        this.meterRegistry = meterRegistry;
        this.metrics = metrics;
        this.health = health;
        this.healthId = healthId;
    }

    /** Starts the bridge on the configured port (jSerialComm). */
    public static Future<SerialBridgeService> start(Vertx vertx, SerialBridgeConfig config) {
        return start(vertx, config, new JSerialCommOpener(config.serial()));
    }

    /** Starts the bridge on the port {@code opener} opens. */
    public static Future<SerialBridgeService> start(Vertx vertx, SerialBridgeConfig config, SerialPortOpener opener) {
        LOG.info("starting serial-bridge: {}", config);
        // The MQTT session is made when the gateway says HELLO: unusable TLS files must fail now, at start.
        config.mqtt().checkTlsFiles();
        PrometheusMeterRegistry meterRegistry = ServiceMetrics.create("serial-bridge", config.instanceId());
        BridgeMetrics metrics = new BridgeMetrics(meterRegistry);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "serial-bridge-timer");
            thread.setDaemon(true);
            return thread;
        });
        MqttBroker broker = new MqttBroker(config.mqtt(), config.mqttClientId(), timer);
        SerialLink link = new SerialLink(config.serial().path(), opener,
                new ReopenBackoff(config.reopenInitial(), config.reopenMax()));
        SerialBridge bridge = new SerialBridge(config.bridge(), broker, link, metrics, Clock.systemUTC(), System::nanoTime,
                new SecureRandom());
        meterRegistry.more().counter(BridgeMetrics.PREFIX + "serial.write.failures", List.of(), link,
                SerialLink::writeFailures);
        HealthServer health = new HealthServer(config.httpHost(), config.httpPort(), List.of(
                ReadinessCheck.of("serial-port", bridge::isPortOpen),
                ReadinessCheck.of("gateway-hello", bridge::helloSeen),
                ReadinessCheck.of("mqtt", broker::isConnected)), meterRegistry);
        return vertx.deployVerticle(health).map(healthId -> {
            link.start(new SerialLink.Listener() {
                @Override
                public void onOpened() {
                    metrics.serialOpened();
                    bridge.onPortOpened();
                }

                @Override
                public void onBytes(byte[] bytes, int offset, int count) {
                    bridge.onBytes(bytes, offset, count);
                }

                @Override
                public void onClosed() {
                    metrics.serialLost();
                    bridge.onPortClosed();
                }
            });
            timer.scheduleWithFixedDelay(() -> {
                try {
                    bridge.tick();
                } catch (RuntimeException e) {
                    LOG.error("serial-bridge tick failed", e);
                }
            }, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
            return new SerialBridgeService(vertx, bridge, link, broker, timer, meterRegistry, metrics, health, healthId);
        }).onFailure(failure -> timer.shutdownNow());
    }

    public SerialBridge bridge() {
        return bridge;
    }

    public BridgeMetrics metrics() {
        return metrics;
    }

    public PrometheusMeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /** The port of /health and /metrics (useful when configured as 0). */
    public int httpPort() {
        return health.actualPort();
    }

    public boolean isReady() {
        return bridge.isReady();
    }

    /**
     * Dies as a crashed bridge would: the MQTT connection drops without DISCONNECT, so the broker publishes the
     * Will (the gateway offline); the port is closed. For fault tests.
     */
    public void crash() {
        timer.shutdownNow();
        broker.abort();
        link.close();
        vertx.undeploy(healthId);
    }

    /** Stops: the port closed, the gateway's status offline, the MQTT session disconnected, the health server down. */
    public Future<Void> stop() {
        return vertx.executeBlocking(() -> {
            timer.shutdownNow();
            link.close();
            broker.close();
            return null;
        }, false).eventually(() -> vertx.undeploy(healthId)).mapEmpty();
    }
}
