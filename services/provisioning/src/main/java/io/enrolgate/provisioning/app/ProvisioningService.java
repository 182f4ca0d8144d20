package io.enrolgate.provisioning.app;

import io.enrolgate.common.health.HealthServer;
import io.enrolgate.common.health.ReadinessCheck;
import io.enrolgate.common.hpke.KeyDeliverySeal;
import io.enrolgate.common.hpke.KeyOpener;
import io.enrolgate.common.metrics.ServiceMetrics;
import io.enrolgate.common.mqtt.MqttSession;
import io.enrolgate.mef.client.MefClient;
import io.enrolgate.mef.client.MefConnectionPool;
import io.enrolgate.provisioning.core.DeliveryIntake;
import io.enrolgate.provisioning.core.KeyDeliveryOpener;
import io.enrolgate.provisioning.core.NodeRegistrar;
import io.enrolgate.provisioning.core.ProvisioningMetrics;
import io.enrolgate.provisioning.core.ProvisioningProcessor;
import io.enrolgate.provisioning.mef.MefKeyRegistrar;
import io.enrolgate.provisioning.onem2m.CseNodeRegistrar;
import io.enrolgate.provisioning.onem2m.OneM2mHttpClient;
import io.enrolgate.provisioning.registry.RegistryEnrolmentRecords;
import io.enrolgate.provisioning.store.JdbcWorkStore;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.registry.store.RegistryStoreBuilder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running provisioning replica, assembled from a {@link ProvisioningConfig} on a given Vert.x: its work
 * store, the registry, the MEF and CSE clients, the processor, the MQTT verticle and the health server.
 * Several replicas may share one Vert.x (tests, the one-process mode).
 */
public final class ProvisioningService {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningService.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);
    /** What /health/ready says of the CSE when none is configured. */
    public static final String NO_CSE_NOTE = "not configured: nodes are not registered in a CSE";

    private final Vertx vertx;
    private final Stores stores;
    private final ProvisioningVerticle verticle;
    private final ProvisioningMetrics metrics;
    private final HealthServer health;
    private final String verticleId;
    private final String healthId;

    /** What the replica holds open, closed when it stops. */
    private record Stores(JdbcWorkStore work, RegistryStore registry, MefConnectionPool mefConnections) {
        void close() {
            try {
                mefConnections.close();
                work.close();
            } finally {
                registry.close();
            }
        }
    }

    private ProvisioningService(Vertx vertx, Stores stores, ProvisioningVerticle verticle, ProvisioningMetrics metrics,
            HealthServer health, String verticleId, String healthId) {
        this.vertx = vertx;
        this.stores = stores;
        this.verticle = verticle;
        this.metrics = metrics;
        this.health = health;
        this.verticleId = verticleId;
        this.healthId = healthId;
    }

    /**
     * Opens (and migrates) the databases, takes back this replica's own leases (it restarted: nothing of it runs),
     * connects to the broker, subscribes, and serves health and metrics.
     */
    public static Future<ProvisioningService> start(Vertx vertx, ProvisioningConfig config) {
        LOG.info("starting provisioning: {}", config);
        return vertx.executeBlocking(() -> openStores(config), false)
                .compose(stores -> deploy(vertx, config, stores).onFailure(failure -> stores.close()));
    }

    private static Stores openStores(ProvisioningConfig config) {
        JdbcWorkStore work = JdbcWorkStore.open(config.database());
        try {
            RegistryStore registry = new RegistryStoreBuilder().database(config.registryDatabase())
                    .keyEncryptionKey(config.registryKek()).build();
            int released = work.releaseLeasesOf(config.settings().owner());
            if (released > 0) {
                LOG.info("took back {} work item(s) this replica held before it restarted", released);
            }
            return new Stores(work, registry, new MefConnectionPool(config.concurrency(),
                    MefConnectionPool.DEFAULT_IDLE_TIMEOUT));
        } catch (RuntimeException e) {
            work.close();
            throw e;
        }
    }

    private static Future<ProvisioningService> deploy(Vertx vertx, ProvisioningConfig config, Stores stores) {
        PrometheusMeterRegistry meterRegistry = ServiceMetrics.create("provisioning", config.instanceId());
        ProvisioningMetrics metrics = new ProvisioningMetrics(meterRegistry);
        Clock clock = Clock.systemUTC();
        KeyDeliveryOpener opener = new KeyDeliveryOpener(new KeyOpener(config.privateKey(), KeyDeliverySeal.INFO));
        LOG.info("opening KeyDeliveries sealed to {}", opener.recipientKeyId());
        MqttSession session = MqttSession.create(config.mqtt());
        MefClient mef = config.mefKeepAlive() ? new MefClient(config.mef(), stores.mefConnections())
                : new MefClient(config.mef());
        Optional<NodeRegistrar> cse = config.cse().map(settings -> new CseNodeRegistrar(
                new OneM2mHttpClient(settings), config.naming()));
        if (cse.isEmpty()) {
            LOG.warn("provisioning {}: no oneM2M CSE configured (cse.url): keys are registered at the MEF, but nodes"
                    + " will not be registered in a CSE", config.instanceId());
        }
        ProvisioningProcessor processor = new ProvisioningProcessor(stores.work(), opener,
                new MefKeyRegistrar(mef, config.mef().mefFqdn()), cse,
                new RegistryEnrolmentRecords(stores.registry(), clock),
                new MqttEventSink(session, PUBLISH_TIMEOUT), config.settings(), metrics, clock);
        DeliveryIntake intake = new DeliveryIntake(opener, stores.work(), metrics, clock);
        ProvisioningVerticle verticle = new ProvisioningVerticle(session, intake, processor, stores.work(),
                config.pollInterval(), config.concurrency(), clock);
        HealthServer health = new HealthServer(config.httpHost(), config.httpPort(), List.of(
                ReadinessCheck.of("mqtt", session::isConnected),
                ReadinessCheck.of("database", stores.work()::isReachable),
                ReadinessCheck.of("registry", stores.registry()::isReachable)),
                Map.of("cse", config.cse().map(settings -> "nodes are registered in " + settings.pointOfAccess())
                        .orElse(NO_CSE_NOTE)), meterRegistry);
        return vertx.deployVerticle(verticle)
                .compose(verticleId -> vertx.deployVerticle(health)
                        .map(healthId -> new ProvisioningService(vertx, stores, verticle, metrics, health, verticleId,
                                healthId))
                        .onFailure(failure -> vertx.undeploy(verticleId)));
    }

    /** The port of /health and /metrics (useful when configured as 0). */
    public int httpPort() {
        return health.actualPort();
    }

    public ProvisioningMetrics metrics() {
        return metrics;
    }

    /** Stops serving: lets attempts in progress end, leaves the shared subscription, closes the databases. */
    public Future<Void> stop() {
        return vertx.undeploy(healthId)
                .eventually(() -> vertx.undeploy(verticleId))
                .eventually(() -> vertx.executeBlocking(() -> {
                    stores.close();
                    return null;
                }))
                .mapEmpty();
    }

    /**
     * Dies as a killed replica would: the MQTT connection drops without DISCONNECT (unacknowledged deliveries
     * stay with the broker), the databases close under the work in progress, whose next write fails; its leases
     * stay until they expire or the replica restarts. For fault tests.
     */
    public Future<Void> crash() {
        return verticle.abort()
                .eventually(() -> vertx.executeBlocking(() -> {
                    stores.close();
                    return null;
                }))
                .eventually(() -> Future.join(vertx.undeploy(healthId), vertx.undeploy(verticleId)))
                .mapEmpty();
    }
}
