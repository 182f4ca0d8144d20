package io.enrolgate.provisioning;

import static io.enrolgate.provisioning.testing.TestWorld.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enrolgate.common.hpke.HpkePrivateKey;
import io.enrolgate.common.hpke.KeyDeliverySeal;
import io.enrolgate.common.hpke.KeySealer;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.mef.core.Suid;
import io.enrolgate.mef.protocol.RetrievedKey;
import io.enrolgate.proto.v1.EnrolmentEvent;
import io.enrolgate.proto.v1.KeyDelivery;
import io.enrolgate.provisioning.app.ProvisioningService;
import io.enrolgate.provisioning.core.MefLabels;
import io.enrolgate.provisioning.testing.KeyLeaks;
import io.enrolgate.provisioning.testing.TestWorld;
import io.enrolgate.provisioning.testing.TestWorld.Issued;
import io.enrolgate.provisioning.testing.WorldScenarios;
import io.enrolgate.registry.enrolment.Enrolment;
import io.enrolgate.registry.enrolment.EnrolmentState;
import io.enrolgate.testfixtures.AcmeCse;
import io.enrolgate.testfixtures.CapturingAppender;
import io.enrolgate.testfixtures.PostgresProcess;
import io.enrolgate.zigbee.IeeeAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's acceptance, against real parts: Mosquitto, the MEF over TLS-PSK, the ACME CSE over the oneM2M HTTP
 * binding, the registry and provisioning's work on H2 and PostgreSQL. Keys are issued as key-forge issues them.
 */
class ProvisioningAcceptanceTest extends WorldScenarios {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final AtomicLong NEXT_DEVICE = new AtomicLong(0x000D6F0000100000L);

    @Override
    protected void afterScenario() throws Exception {
        // Every scenario leaves the CSE and the MEF up for the next.
        world.cse.start();
        world.startMef();
    }

    private static IeeeAddress nextDevice() {
        return new IeeeAddress(NEXT_DEVICE.addAndGet(0x101));
    }

    private List<Issued> issue(int count) {
        List<Issued> issued = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            issued.add(world.issue(nextDevice()));
        }
        return issued;
    }

    private void publishAll(List<Issued> issued) throws Exception {
        for (Issued each : issued) {
            world.publish(each);
        }
    }

    @Test
    void keysAreRegisteredAtTheMefAndNodesInTheCseWithoutKeyBytes() throws Exception {
        ProvisioningService service = start("accept", h2("work-accept"), Map.of());
        List<Issued> issued = issue(5);
        publishAll(issued);

        List<byte[]> secrets = new ArrayList<>();
        for (Issued each : issued) {
            EnrolmentEvent event = world.awaitEvent(each.enrolmentId(), EnrolmentEvent.State.KEY_PROVISIONED, WAIT);
            KeyIdentifier keyId = KeyIdentifier.parse(event.getKeyIdentifier());
            assertThat(keyId.mefFqdn()).isEqualTo(TestWorld.MEF_FQDN);
            assertThat(event.getDeviceIeee()).isEqualTo(each.device().toTopicHex());
            assertThat(event.getGatewayIeee()).isEqualTo(TestWorld.GATEWAY.toTopicHex());
            assertThat(event.getEmittedBy()).isEqualTo("accept");

            // The target retrieves the key: the first half is what the device got.
            RetrievedKey retrieved = world.targetClient().retrieve(keyId);
            assertThat(retrieved.suid()).isEqualTo(Suid.END_TO_END_DATA);
            assertThat(retrieved.keyValue().firstHalf()).isEqualTo(each.key().toBytes());
            byte[] value = retrieved.keyValue().toBytes();
            secrets.add(each.key().toBytes());
            secrets.add(value);
            secrets.add(java.util.Arrays.copyOfRange(value, 16, 32));

            // The node's AE carries its IEEE address and the key identifier; its container exists.
            JsonNode ae = world.cse.retrieve(AcmeCse.CSE_BASE + "/zigbee-" + each.device().toTopicHex()).path("m2m:ae");
            List<String> labels = new ArrayList<>();
            ae.path("lbl").forEach(label -> labels.add(label.asText()));
            assertThat(labels).containsExactly("ieee:" + each.device().toTopicHex(), "keyID:" + keyId);
            assertThat(ae.path("aei").asText()).isEqualTo("Czigbee-" + each.device().toTopicHex());
            assertThat(ae.path("api").asText()).isEqualTo("Nenrolgate.zigbee");
            assertThat(world.cse.retrieve(AcmeCse.CSE_BASE + "/zigbee-" + each.device().toTopicHex() + "/data")
                    .path("m2m:cnt").path("rn").asText()).isEqualTo("data");

            // The registry knows the enrolment is provisioned, under the MEF's key identifier.
            Enrolment enrolment = world.registry.findEnrolment(each.enrolmentId()).orElseThrow();
            assertThat(enrolment.state()).isEqualTo(EnrolmentState.KEY_PROVISIONED);
            assertThat(enrolment.keyIdentifier()).contains(keyId.toString());
        }
        assertRegisteredExactlyOnce(issued);

        // A redelivery (same enrolment id) changes nothing.
        world.publish(issued.get(0));
        await("the redelivery to be seen", WAIT,
                () -> service.metrics().count("enrolgate.provisioning.deliveries", "outcome", "duplicate") >= 1);
        assertThat(world.mefRegistrationsOf(issued.get(0).enrolmentId())).hasSize(1);
        assertThat(world.events(issued.get(0).enrolmentId()))
                .filteredOn(e -> e.getState() == EnrolmentEvent.State.KEY_PROVISIONED).hasSize(1);

        // No key bytes anywhere the untrusted side or an operator can read.
        String tree = world.cse.walkResourceTree();
        assertThat(tree).contains("keyID:" + world.events(issued.get(0).enrolmentId()).get(0).getKeyIdentifier());
        String cseLog = world.cse.log();
        assertThat(cseLog).contains("zigbee-" + issued.get(0).device().toTopicHex());
        String cseData = world.cse.dataFiles();
        String events = String.join("\n", world.eventPayloads());
        String serviceLog = CapturingAppender.text();
        String metrics = httpGet(service.httpPort(), "/metrics").body();
        byte[] workDatabase = java.nio.file.Files.readAllBytes(directory.resolve("work-accept.mv.db"));
        for (byte[] secret : secrets) {
            KeyLeaks.assertAbsentFromBytes("provisioning's work database", workDatabase, secret);
            KeyLeaks.assertAbsent("the CSE resource tree", tree, secret);
            KeyLeaks.assertAbsent("the CSE's log", cseLog, secret);
            KeyLeaks.assertAbsent("the CSE's data files", cseData, secret);
            KeyLeaks.assertAbsent("the enrolment events", events, secret);
            KeyLeaks.assertAbsent("the service's log", serviceLog, secret);
            KeyLeaks.assertAbsent("the metrics", metrics, secret);
        }

        assertThat(metrics).contains("enrolgate_provisioning_completed_total{", "outcome=\"provisioned\"");
        assertThat(httpGet(service.httpPort(), "/health/live").statusCode()).isEqualTo(200);
        assertThat(httpGet(service.httpPort(), "/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void deliveriesThatCannotBeOpenedAreDroppedWithoutEvents() throws Exception {
        ProvisioningService service = start("reject", h2("work-reject"), Map.of());
        Issued genuine = world.issue(nextDevice());
        // Sealed to another recipient: only key-forge, with provisioning's public key, can make a delivery.
        KeyDelivery original = KeyDelivery.parseFrom(genuine.delivery());
        KeySealer stranger = new KeySealer(HpkePrivateKey.generate(new SecureRandom()).publicKey(), KeyDeliverySeal.INFO);
        byte[] forged = original.toBuilder().setSealedKey(stranger.seal(new byte[16],
                KeyDeliverySeal.associatedData(original.getEnrolmentId(), original.getDeviceIeee()))).build().toByteArray();
        world.publishRaw(EnrolgateTopics.keys(genuine.device()), forged);
        // On another device's topic.
        world.publishRaw(EnrolgateTopics.keys(nextDevice()), genuine.delivery());
        // Not a KeyDelivery at all.
        world.publishRaw(EnrolgateTopics.keys(genuine.device()), new byte[] {(byte) 0xFF, 0x01, 0x02});

        await("three rejected deliveries", WAIT, () ->
                service.metrics().count("enrolgate.provisioning.deliveries", "outcome", "unopenable") == 1
                && service.metrics().count("enrolgate.provisioning.deliveries", "outcome", "topic_mismatch") == 1
                && service.metrics().count("enrolgate.provisioning.deliveries", "outcome", "malformed") == 1);
        // The genuine one afterwards is provisioned: the rejected ones neither blocked nor poisoned it.
        world.publish(genuine);
        world.awaitEvent(genuine.enrolmentId(), EnrolmentEvent.State.KEY_PROVISIONED, WAIT);
        assertThat(world.events(genuine.enrolmentId())).extracting(EnrolmentEvent::getState)
                .containsExactly(EnrolmentEvent.State.KEY_PROVISIONED);
    }

    @Test
    void mefDownForAWhile() throws Exception {
        world.stopMef();
        ProvisioningService service = start("mef-down", h2("work-mef-down"), Map.of());
        List<Issued> issued = issue(3);
        publishAll(issued);
        await("registrations to fail while the MEF is down", WAIT, () ->
                service.metrics().count("enrolgate.provisioning.steps", "step", "mef_register", "outcome", "transient") >= 6);
        assertThat(issued).allSatisfy(each -> assertThat(world.events(each.enrolmentId())).isEmpty());

        world.startMef();
        for (Issued each : issued) {
            world.awaitEvent(each.enrolmentId(), EnrolmentEvent.State.KEY_PROVISIONED, WAIT);
        }
        assertRegisteredExactlyOnce(issued);
        assertRetrievableByTarget(issued);
    }

    @Test
    void cseDownForAWhile() throws Exception {
        world.cse.stop();
        ProvisioningService service = start("cse-down", h2("work-cse-down"), Map.of());
        List<Issued> issued = issue(3);
        publishAll(issued);
        await("node registrations to fail while the CSE is down", WAIT, () ->
                service.metrics().count("enrolgate.provisioning.steps", "step", "cse_register", "outcome", "transient") >= 6);
        assertThat(issued).allSatisfy(each -> assertThat(world.events(each.enrolmentId())).isEmpty());

        world.cse.start();
        for (Issued each : issued) {
            world.awaitEvent(each.enrolmentId(), EnrolmentEvent.State.KEY_PROVISIONED, WAIT);
        }
        assertRegisteredExactlyOnce(issued);
        assertRetrievableByTarget(issued);
    }

    @Test
    void killedMidBatchThenRestartedProvisionsEveryKeyExactlyOnce() throws Exception {
        try (PostgresProcess postgres = PostgresProcess.start()) {
            DatabaseConfig work = DatabaseConfig.of(postgres.createDatabase("provisioning"), postgres.user(),
                    postgres.password());
            ProvisioningService first = start("killed", work, Map.of("provisioning.concurrency", "2"));
            List<Issued> issued = issue(20);
            publishAll(issued);
            await("a part of the batch to be provisioned", WAIT, () -> issued.stream().filter(each ->
                    !world.events(each.enrolmentId()).isEmpty()).count() >= 3);
            first.crash().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            running.remove(first);
            long doneBeforeCrash = issued.stream().filter(each -> !world.events(each.enrolmentId()).isEmpty()).count();
            assertThat(doneBeforeCrash).as("the crash came mid-batch").isLessThan(issued.size());

            // The same replica comes back (same instance id: same MQTT session, same leases).
            start("killed", work, Map.of("provisioning.concurrency", "2"));
            for (Issued each : issued) {
                world.awaitEvent(each.enrolmentId(), EnrolmentEvent.State.KEY_PROVISIONED, WAIT);
            }
            assertRegisteredExactlyOnce(issued);
            assertRetrievableByTarget(issued);
            for (Issued each : issued) {
                // Events are at least once; every one names the same key.
                assertThat(world.events(each.enrolmentId())).extracting(EnrolmentEvent::getKeyIdentifier)
                        .containsOnly(world.events(each.enrolmentId()).get(0).getKeyIdentifier());
            }
        }
    }

    @Test
    void unknownTargetsFailAtOnceAndRetriesAreBounded() throws Exception {
        ProvisioningService service = start("failing", h2("work-failing"),
                Map.of("retry.max-attempts", "3", "retry.initial-delay", "50ms", "retry.max-delay", "100ms"));
        // A device with no oneM2M target: no retry can help.
        IeeeAddress lonely = nextDevice();
        world.registerDevice(lonely, List.of());
        Issued orphan = world.issue(lonely);
        world.publish(orphan);
        EnrolmentEvent failed = world.awaitEvent(orphan.enrolmentId(), EnrolmentEvent.State.FAILED, WAIT);
        assertThat(failed.getReason()).contains("no oneM2M targets");
        assertThat(world.registry.findEnrolment(orphan.enrolmentId()).orElseThrow().state())
                .isEqualTo(EnrolmentState.FAILED);

        // The MEF down for longer than the retries last.
        world.stopMef();
        Issued unlucky = world.issue(nextDevice());
        world.publish(unlucky);
        EnrolmentEvent gaveUp = world.awaitEvent(unlucky.enrolmentId(), EnrolmentEvent.State.FAILED, WAIT);
        assertThat(gaveUp.getReason()).contains("mef_register failed 3 times", "cannot connect to the MEF");
        Enrolment enrolment = world.registry.findEnrolment(unlucky.enrolmentId()).orElseThrow();
        assertThat(enrolment.state()).isEqualTo(EnrolmentState.FAILED);
        assertThat(enrolment.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("failed 3 times"));
        assertThat(service.metrics().count("enrolgate.provisioning.completed", "outcome", "failed")).isEqualTo(2);
    }

    @Test
    void theApplicationAsServedByTheCommandStartsServesAndStops() throws Exception {
        io.enrolgate.provisioning.app.ProvisioningApplication application =
                io.enrolgate.provisioning.app.ProvisioningApplication.start(world.config("app", h2("work-app"), Map.of()));
        try {
            assertThat(httpGet(application.service().httpPort(), "/health/ready").statusCode()).isEqualTo(200);
            Issued issued = world.issue(nextDevice());
            world.publish(issued);
            world.awaitEvent(issued.enrolmentId(), EnrolmentEvent.State.KEY_PROVISIONED, WAIT);
        } finally {
            application.close();
        }
    }

    /** Exactly one confirmed MEF registration per enrolment; unconfirmed ones (lost answers) expire away. */
    private void assertRegisteredExactlyOnce(List<Issued> issued) throws Exception {
        for (Issued each : issued) {
            await("the provisional registrations of " + each.enrolmentId() + " to expire", WAIT, () -> {
                try {
                    return world.mefRegistrationsOf(each.enrolmentId()).stream()
                            .noneMatch(labels -> labels.contains(MefLabels.PROVISIONAL));
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(world.mefRegistrationsOf(each.enrolmentId())).as("MEF registrations of %s", each.enrolmentId())
                    .hasSize(1);
            JsonNode found = world.cse.retrieve(AcmeCse.CSE_BASE + "?fu=1&ty=2&lbl=ieee:" + each.device().toTopicHex());
            assertThat(found.path("m2m:uril")).as("AEs of %s", each.device()).hasSize(1);
        }
    }

    private void assertRetrievableByTarget(List<Issued> issued) throws Exception {
        for (Issued each : issued) {
            String keyId = world.events(each.enrolmentId()).stream()
                    .filter(e -> e.getState() == EnrolmentEvent.State.KEY_PROVISIONED).findFirst().orElseThrow()
                    .getKeyIdentifier();
            assertThat(world.targetClient().retrieve(KeyIdentifier.parse(keyId)).keyValue().firstHalf())
                    .isEqualTo(each.key().toBytes());
            JsonNode ae = world.cse.retrieve(AcmeCse.CSE_BASE + "/zigbee-" + each.device().toTopicHex()).path("m2m:ae");
            assertThat(ae.path("lbl").toString()).contains("keyID:" + keyId);
        }
    }
}
