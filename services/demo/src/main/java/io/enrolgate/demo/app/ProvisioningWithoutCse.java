package io.enrolgate.demo.app;

import io.enrolgate.common.hpke.KeyDeliverySeal;
import io.enrolgate.common.hpke.KeyOpener;
import io.enrolgate.common.metrics.ServiceMetrics;
import io.enrolgate.common.mqtt.MqttSession;
import io.enrolgate.common.mqtt.RequestResponse;
import io.enrolgate.mef.client.MefClient;
import io.enrolgate.provisioning.app.ProvisioningConfig;
import io.enrolgate.provisioning.app.ProvisioningVerticle;
import io.enrolgate.provisioning.core.DeliveryIntake;
import io.enrolgate.provisioning.core.EventSink;
import io.enrolgate.provisioning.core.KeyDeliveryOpener;
import io.enrolgate.provisioning.core.NodeRegistrar;
import io.enrolgate.provisioning.core.ProvisioningMetrics;
import io.enrolgate.provisioning.core.ProvisioningProcessor;
import io.enrolgate.provisioning.core.StepException;
import io.enrolgate.provisioning.mef.MefKeyRegistrar;
import io.enrolgate.provisioning.registry.RegistryEnrolmentRecords;
import io.enrolgate.provisioning.store.JdbcWorkStore;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.registry.store.RegistryStoreBuilder;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * provisioning for a machine without a oneM2M CSE: provisioning's own parts (intake, processor, MEF registrar,
 * registry records, verticle) assembled as {@code ProvisioningService} assembles them, except that the step
 * "register the node in the CSE" does nothing. {@code ProvisioningConfig} requires a CSE, and the demo must run
 * where ACME is not installed without asking anything of the user; the demo says so in its output. Everything
 * else (HPKE opening, MEF Key Registration and its confirmation, the registry records, the KEY_PROVISIONED
 * events) is provisioning's code, unchanged.
 */
final class ProvisioningWithoutCse implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningWithoutCse.class);

    /** The CSE step skipped: there is no CSE in this demo. */
    static final NodeRegistrar NO_CSE = (device, keyId) ->
            LOG.info("no oneM2M CSE in this demo: node {} not registered in a CSE (key identifier {})",
                    device.toTopicHex(), keyId);

    private final Vertx vertx;
    private final JdbcWorkStore work;
    private final RegistryStore registry;
    private final String verticleId;

    private ProvisioningWithoutCse(Vertx vertx, JdbcWorkStore work, RegistryStore registry, String verticleId) {
        this.vertx = vertx;
        this.work = work;
        this.registry = registry;
        this.verticleId = verticleId;
    }

    static ProvisioningWithoutCse start(Vertx vertx, ProvisioningConfig config) throws Exception {
        JdbcWorkStore work = JdbcWorkStore.open(config.database());
        RegistryStore registry;
        try {
            registry = new RegistryStoreBuilder().database(config.registryDatabase())
                    .keyEncryptionKey(config.registryKek()).build();
        } catch (RuntimeException e) {
            work.close();
            throw e;
        }
        try {
            Clock clock = Clock.systemUTC();
            ProvisioningMetrics metrics = new ProvisioningMetrics(ServiceMetrics.create("provisioning", config.instanceId()));
            KeyDeliveryOpener opener = new KeyDeliveryOpener(new KeyOpener(config.privateKey(), KeyDeliverySeal.INFO));
            MqttSession session = MqttSession.create(config.mqtt());
            ProvisioningProcessor processor = new ProvisioningProcessor(work, opener,
                    new MefKeyRegistrar(new MefClient(config.mef()), config.mef().mefFqdn()), NO_CSE,
                    new RegistryEnrolmentRecords(registry, clock), events(session), config.settings(), metrics, clock);
            ProvisioningVerticle verticle = new ProvisioningVerticle(session, new DeliveryIntake(opener, work, metrics, clock),
                    processor, work, config.pollInterval(), config.workers(), clock);
            String verticleId = vertx.deployVerticle(verticle).await(60, TimeUnit.SECONDS);
            return new ProvisioningWithoutCse(vertx, work, registry, verticleId);
        } catch (Exception e) {
            registry.close();
            work.close();
            throw e;
        }
    }

    /** As provisioning's own sink: QoS 1, application/json, waits for the PUBACK. */
    private static EventSink events(MqttSession session) {
        return (topic, json) -> {
            try {
                session.publish(topic, json, RequestResponse.withContentType(RequestResponse.JSON)).get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw StepException.transientFailure("interrupted while publishing to " + topic, e);
            } catch (ExecutionException | TimeoutException e) {
                throw StepException.transientFailure("publish to " + topic + " failed: " + e, e);
            }
        };
    }

    @Override
    public void close() throws Exception {
        try {
            vertx.undeploy(verticleId).await(30, TimeUnit.SECONDS);
        } finally {
            try {
                work.close();
            } finally {
                registry.close();
            }
        }
    }
}
