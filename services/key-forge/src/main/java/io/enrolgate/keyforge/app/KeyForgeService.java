package io.enrolgate.keyforge.app;

import io.enrolgate.common.health.HealthServer;
import io.enrolgate.common.health.ReadinessCheck;
import io.enrolgate.common.hpke.KeyDeliverySeal;
import io.enrolgate.common.hpke.KeySealer;
import io.enrolgate.common.metrics.ServiceMetrics;
import io.enrolgate.common.mqtt.MqttSession;
import io.enrolgate.keyforge.core.EnrolmentProcessor;
import io.enrolgate.keyforge.core.ForgeSelfTest;
import io.enrolgate.keyforge.core.ForgeResult;
import io.enrolgate.keyforge.core.KeyDeliverySweep;
import io.enrolgate.keyforge.core.KeyForgeMetrics;
import io.enrolgate.keyforge.core.NetworkKeySource;
import io.enrolgate.registry.counter.FrameCounterAllocator;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.registry.store.RegistryStoreBuilder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running key-forge replica: the registry store, the processor, the MQTT verticle and the health
 * server, assembled from a {@link KeyForgeConfig} on a given Vert.x. Several replicas may share one Vert.x
 * (tests, the one-process mode); each has its own MQTT session and database pool.
 */
public final class KeyForgeService {
    private static final Logger LOG = LoggerFactory.getLogger(KeyForgeService.class);

    private final Vertx vertx;
    private final RegistryStore store;
    private final MqttSession session;
    private final KeyForgeMetrics metrics;
    private final PrometheusMeterRegistry meterRegistry;
    private final HealthServer health;
    private final String verticleId;
    private final String healthId;

    private KeyForgeService(Vertx vertx, RegistryStore store, MqttSession session, KeyForgeMetrics metrics,
            PrometheusMeterRegistry meterRegistry, HealthServer health, String verticleId, String healthId) {
        this.vertx = vertx;
        this.store = store;
        this.session = session;
        this.metrics = metrics;
        this.meterRegistry = meterRegistry;
        this.health = health;
        this.verticleId = verticleId;
        this.healthId = healthId;
    }

    /** Opens the registry (migrating it), connects to the broker, subscribes, and serves health and metrics. */
    public static Future<KeyForgeService> start(Vertx vertx, KeyForgeConfig config) {
        return start(vertx, config, result -> {
        });
    }

    /**
     * As {@link #start(Vertx, KeyForgeConfig)}, with a hook for fault tests that runs after each request was
     * decided and recorded and before anything is published (see {@link KeyForgeVerticle}): a hook that throws
     * makes the replica behave as one that died at that point.
     */
    public static Future<KeyForgeService> start(Vertx vertx, KeyForgeConfig config, Consumer<ForgeResult> beforePublish) {
        LOG.info("starting key-forge: {}", config);
        return vertx.executeBlocking(() -> new RegistryStoreBuilder()
                        .database(config.database())
                        .keyEncryptionKey(config.keyEncryptionKey())
                        .build(), false)
                .compose(store -> deploy(vertx, config, store, beforePublish).onFailure(failure -> store.close()));
    }

    private static Future<KeyForgeService> deploy(Vertx vertx, KeyForgeConfig config, RegistryStore store,
            Consumer<ForgeResult> beforePublish) {
        PrometheusMeterRegistry meterRegistry = ServiceMetrics.create("key-forge", config.instanceId());
        FrameCounterAllocator counters = new FrameCounterAllocator(store, config.counterBlockSize());
        KeyForgeMetrics metrics = new KeyForgeMetrics(meterRegistry, counters);
        NetworkKeySource keys = NetworkKeySource.create();
        LOG.info("network keys from {}", keys.describe());
        KeySealer sealer = new KeySealer(config.provisioningKey(), KeyDeliverySeal.INFO);
        EnrolmentProcessor processor = new EnrolmentProcessor(store, counters, keys, sealer, config.forge(), metrics,
                Clock.systemUTC());
        KeyDeliverySweep sweep = new KeyDeliverySweep(store, config.redelivery(), metrics, Clock.systemUTC());
        MqttSession session = MqttSession.create(config.mqtt());
        HealthServer health = new HealthServer(config.httpHost(), config.httpPort(), List.of(
                ReadinessCheck.of("mqtt", session::isConnected),
                ReadinessCheck.of("database", store::isReachable)), meterRegistry);
        return vertx.executeBlocking(() -> ForgeSelfTest.run(keys, sealer), false)
                .onSuccess(took -> LOG.info("self-test passed in {} ms", took.toMillis()))
                .compose(took -> vertx.deployVerticle(new KeyForgeVerticle(session, processor, sweep, metrics,
                        config.workers(), beforePublish)))
                .compose(verticleId -> vertx.deployVerticle(health)
                        .map(healthId -> new KeyForgeService(vertx, store, session, metrics, meterRegistry, health,
                                verticleId, healthId))
                        .onFailure(failure -> vertx.undeploy(verticleId)));
    }

    /** The port of /health and /metrics (useful when configured as 0). */
    public int httpPort() {
        return health.actualPort();
    }

    public KeyForgeMetrics metrics() {
        return metrics;
    }

    public PrometheusMeterRegistry meterRegistry() {
        return meterRegistry;
    }

    public boolean isMqttConnected() {
        return session.isConnected();
    }

    /** Stops serving: disconnects cleanly (the session stays on the broker until it expires), closes the registry. */
    public Future<Void> stop() {
        return vertx.undeploy(healthId)
                .eventually(() -> vertx.undeploy(verticleId))
                .eventually(() -> vertx.executeBlocking(() -> {
                    store.close();
                    return null;
                }))
                .mapEmpty();
    }

    /**
     * Dies as a crashed replica would: the MQTT connection drops at once without DISCONNECT (unacknowledged
     * requests stay with the broker, the session stays in the shared subscription until it expires) and the
     * work in flight fails against a closed registry. For fault tests; the future completes once all is closed.
     */
    public Future<Void> crash() {
        session.abort();
        return Future.join(vertx.undeploy(healthId), vertx.undeploy(verticleId))
                .eventually(() -> vertx.executeBlocking(() -> {
                    store.close();
                    return null;
                }))
                .mapEmpty();
    }
}
