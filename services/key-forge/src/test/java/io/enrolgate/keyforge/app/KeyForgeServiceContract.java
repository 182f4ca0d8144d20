package io.enrolgate.keyforge.app;

import static io.enrolgate.keyforge.support.ForgeHarness.await;
import static io.enrolgate.keyforge.support.ForgeHarness.eventually;
import static io.enrolgate.keyforge.support.TestDevices.DEVICE;
import static io.enrolgate.keyforge.support.TestDevices.DISABLED_DEVICE;
import static io.enrolgate.keyforge.support.TestDevices.GATEWAY;
import static io.enrolgate.keyforge.support.TestDevices.INSTALL_CODE;
import static io.enrolgate.keyforge.support.TestDevices.UNKNOWN_DEVICE;
import static io.enrolgate.keyforge.support.TestDevices.request;
import static io.enrolgate.keyforge.support.TestDevices.requestId;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.enrolgate.common.hpke.KeyDeliverySeal;
import io.enrolgate.common.hpke.KeyOpener;
import io.enrolgate.common.mqtt.InboundMessage;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.keyforge.core.KeyForgeMetrics;
import io.enrolgate.keyforge.core.Outcome;
import io.enrolgate.keyforge.support.ForgeHarness;
import io.enrolgate.keyforge.support.TestDevices;
import io.enrolgate.proto.v1.EgResponse;
import io.enrolgate.proto.v1.EnrolmentEvent;
import io.enrolgate.proto.v1.KeyDelivery;
import io.enrolgate.proto.v1.Rejection;
import io.enrolgate.registry.enrolment.Enrolment;
import io.enrolgate.registry.enrolment.RequestId;
import io.enrolgate.testfixtures.CapturingAppender;
import io.enrolgate.testfixtures.MosquittoProcess;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.frame.TransportKeyCommand;
import io.enrolgate.zigbee.transportkey.TransportKeyDecoder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * key-forge end to end on a real Mosquitto and a real database: what a gateway sees, what provisioning
 * sees, what is recorded, and what never appears anywhere. Each database gets a subclass.
 */
abstract class KeyForgeServiceContract {
    private static final int DEVICES = 20;
    protected static MosquittoProcess broker;
    private ForgeHarness harness;
    private KeyForgeService replica;

    /** A fresh, empty database for one test. */
    protected abstract DatabaseConfig newDatabase();

    @BeforeAll
    static void startBroker() {
        broker = MosquittoProcess.builder().start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void start() throws Exception {
        harness = new ForgeHarness(broker, newDatabase(), DEVICES);
        replica = harness.startReplica("forge-a-" + System.nanoTime());
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void enrolsADeviceEndToEnd() throws Exception {
        byte[] id = requestId();
        InboundMessage answer = await(harness.send(request(id, DEVICE, 0x7A11)));

        assertThat(answer.correlationData()).hasValueSatisfying(c -> assertThat(c).isEqualTo(id));
        EgResponse response = EgResponse.parseFrom(answer.payload());
        assertThat(response.getResultCase()).isEqualTo(EgResponse.ResultCase.NWK_FRAME);
        SymmetricKey deviceKey = decryptedKey(response);

        eventually(() -> harness.observedOn(EnrolgateTopics.keys(DEVICE)).size() == 1
                && harness.observedOn(EnrolgateTopics.events(DEVICE)).size() == 2, "key delivery and two events");
        KeyDelivery delivery = KeyDelivery.parseFrom(harness.observedOn(EnrolgateTopics.keys(DEVICE)).get(0).payload());
        byte[] sealedKey = new KeyOpener(harness.provisioningKey(), KeyDeliverySeal.INFO).open(delivery.getSealedKey(),
                KeyDeliverySeal.associatedData(delivery.getEnrolmentId(), DEVICE.value()));
        assertThat(SymmetricKey.of(sealedKey)).isEqualTo(deviceKey);

        List<InboundMessage> events = harness.observedOn(EnrolgateTopics.events(DEVICE));
        assertThat(events).allSatisfy(e -> assertThat(e.message().getProperties().getContentType()).isEqualTo("application/json"));
        assertThat(events.stream().map(KeyForgeServiceContract::event).map(EnrolmentEvent::getState))
                .containsExactly(EnrolmentEvent.State.REQUESTED, EnrolmentEvent.State.KEY_ISSUED);
        EnrolmentEvent issued = event(events.get(1));
        assertThat(issued.getEnrolmentId()).isEqualTo(delivery.getEnrolmentId());
        assertThat(issued.getKeyIdentifier()).as("the MEF assigns it when provisioning registers the key").isEmpty();
        Enrolment recorded = harness.store().findEnrolment(java.util.UUID.fromString(delivery.getEnrolmentId())).orElseThrow();
        assertThat(recorded.keyIdentifier()).isEmpty();
        assertThat(recorded.keyDelivery()).hasValueSatisfying(stored -> assertThat(stored).isEqualTo(delivery.toByteArray()));
    }

    @Test
    void aRepeatedRequestGetsTheIdenticalAnswerAndUsesOneCounter() throws Exception {
        var request = request(requestId(), TestDevices.device(1), 0x0101);
        InboundMessage first = await(harness.send(request));
        InboundMessage second = await(harness.send(request));

        assertThat(second.payload()).isEqualTo(first.payload());
        List<Enrolment> enrolments = harness.store().enrolmentsOf(TestDevices.device(1));
        assertThat(enrolments).hasSize(1);
        assertThat(replica.metrics().requests(Outcome.KEY_ISSUED)).isEqualTo(1);
        assertThat(replica.metrics().requests(Outcome.REPEATED)).isEqualTo(1);
        // The KeyDelivery is published again with the repeated answer (provisioning has not taken it here):
        // the same bytes, which provisioning recognises by enrolment id.
        eventually(() -> harness.observedOn(EnrolgateTopics.keys(TestDevices.device(1))).size() == 2, "the key delivery twice");
        List<InboundMessage> deliveries = harness.observedOn(EnrolgateTopics.keys(TestDevices.device(1)));
        assertThat(deliveries.get(1).payload()).isEqualTo(deliveries.get(0).payload());
    }

    /** A replica that records an enrolment, then dies before it publishes anything: for the tests of the outbox. */
    private KeyForgeService replicaDyingAfterRecording(CountDownLatch recorded, Map<String, String> overrides)
            throws Exception {
        AtomicBoolean dead = new AtomicBoolean();
        return harness.startReplica("forge-doomed-" + System.nanoTime(), overrides, result -> {
            if (result.outcome() == Outcome.KEY_ISSUED) {
                dead.set(true);
                recorded.countDown();
            }
            if (dead.get()) {
                throw new IllegalStateException("simulated crash between recording and publishing");
            }
        });
    }

    @Test
    void aKeyRecordedByAReplicaThatDiedBeforePublishingReachesProvisioningWhenTheGatewayRepeats() throws Exception {
        harness.stopReplica(replica); // so that the dying replica gets the request
        CountDownLatch recorded = new CountDownLatch(1);
        KeyForgeService doomed = replicaDyingAfterRecording(recorded, Map.of("mqtt.session-expiry", "1s"));
        byte[] id = requestId();
        CompletableFuture<InboundMessage> answer = harness.sendRetrying(request(id, DEVICE, 0x0B0B),
                java.time.Duration.ofSeconds(2), 15);
        assertThat(recorded.await(ForgeHarness.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        harness.crashReplica(doomed);
        Enrolment lost = harness.store().findEnrolmentByRequestId(RequestId.of(id)).orElseThrow();
        assertThat(lost.state()).isEqualTo(io.enrolgate.registry.enrolment.EnrolmentState.KEY_ISSUED);
        assertThat(harness.observedOn(EnrolgateTopics.keys(DEVICE))).as("the dead replica published nothing").isEmpty();

        replica = harness.startReplica("forge-b-" + System.nanoTime(), Map.of("forge.redelivery-interval", "0s"));
        SymmetricKey deviceKey = decryptedKey(EgResponse.parseFrom(await(answer).payload()));

        eventually(() -> !harness.observedOn(EnrolgateTopics.keys(DEVICE)).isEmpty(), "the KeyDelivery");
        KeyDelivery delivery = KeyDelivery.parseFrom(harness.observedOn(EnrolgateTopics.keys(DEVICE)).get(0).payload());
        assertThat(delivery.getEnrolmentId()).isEqualTo(lost.id().toString());
        assertThat(openedKey(delivery)).isEqualTo(deviceKey);
        assertThat(replica.metrics().redeliveries(KeyForgeMetrics.Redelivery.REPEATED_REQUEST)).isPositive();
        assertThat(harness.store().allEnrolments()).as("one enrolment, one key, one frame counter").containsExactly(
                harness.store().findEnrolment(lost.id()).orElseThrow());
    }

    @Test
    void aKeyRecordedByAReplicaThatDiedBeforePublishingReachesProvisioningThroughTheSweep() throws Exception {
        harness.stopReplica(replica); // so that the dying replica gets the request
        CountDownLatch recorded = new CountDownLatch(1);
        // A short session expiry, as in the other crash test: the dead session soon leaves the shared subscription.
        KeyForgeService doomed = replicaDyingAfterRecording(recorded, Map.of("forge.redelivery-interval", "0s",
                "mqtt.session-expiry", "1s"));
        byte[] id = requestId();
        // Sent once: the gateway never repeats it.
        await(harness.requesterSession().publish(EnrolgateTopics.request(GATEWAY), request(id, DEVICE, 0x0C0C).toByteArray(),
                io.enrolgate.common.mqtt.RequestResponse.requestProperties(harness.responseTopic(), id,
                        io.enrolgate.common.mqtt.RequestResponse.PROTOBUF)));
        assertThat(recorded.await(ForgeHarness.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        harness.crashReplica(doomed);
        Enrolment lost = harness.store().findEnrolmentByRequestId(RequestId.of(id)).orElseThrow();

        replica = harness.startReplica("forge-sweeper-" + System.nanoTime(),
                Map.of("forge.redelivery-age", "1s", "forge.redelivery-interval", "200ms"));

        eventually(() -> !harness.observedOn(EnrolgateTopics.keys(DEVICE)).isEmpty(), "the KeyDelivery, sent again by the sweep");
        KeyDelivery delivery = KeyDelivery.parseFrom(harness.observedOn(EnrolgateTopics.keys(DEVICE)).get(0).payload());
        assertThat(delivery.getEnrolmentId()).isEqualTo(lost.id().toString());
        assertThat(openedKey(delivery)).as("the key the device got in the recorded response")
                .isEqualTo(decryptedKey(EgResponse.parseFrom(lost.responseFrame().orElseThrow())));
        assertThat(replica.metrics().redeliveries(KeyForgeMetrics.Redelivery.SWEEP)).isPositive();

        // Once provisioning has recorded the key, the sweep leaves it alone.
        harness.store().setEnrolmentState(lost.id(), io.enrolgate.registry.enrolment.EnrolmentState.KEY_PROVISIONED,
                java.util.Optional.empty());
        double passes = replica.metrics().sweeps();
        eventually(() -> replica.metrics().sweeps() >= passes + 2, "a pass that began after provisioning");
        double sent = replica.metrics().redeliveries(KeyForgeMetrics.Redelivery.SWEEP);
        int seen = harness.observedOn(EnrolgateTopics.keys(DEVICE)).size();
        eventually(() -> replica.metrics().sweeps() >= passes + 6, "more passes");
        assertThat(replica.metrics().redeliveries(KeyForgeMetrics.Redelivery.SWEEP)).isEqualTo(sent);
        assertThat(harness.observedOn(EnrolgateTopics.keys(DEVICE))).hasSize(seen);
    }

    @Test
    void unknownAndDisabledDevicesGetARejectionAndAnEventOnly() throws Exception {
        EgResponse unknown = EgResponse.parseFrom(await(harness.send(request(requestId(), UNKNOWN_DEVICE, 5))).payload());
        EgResponse disabled = EgResponse.parseFrom(await(harness.send(request(requestId(), DISABLED_DEVICE, 6))).payload());

        assertThat(unknown.getRejection().getCode()).isEqualTo(Rejection.Code.UNKNOWN_DEVICE);
        assertThat(disabled.getRejection().getCode()).isEqualTo(Rejection.Code.DEVICE_DISABLED);
        eventually(() -> harness.observedOn(EnrolgateTopics.events(DISABLED_DEVICE)).size() == 2, "two events");
        assertThat(event(harness.observedOn(EnrolgateTopics.events(DISABLED_DEVICE)).get(1)).getRejectionCode())
                .isEqualTo(Rejection.Code.DEVICE_DISABLED);
        assertThat(harness.observedOn(EnrolgateTopics.keys(UNKNOWN_DEVICE))).isEmpty();
        assertThat(harness.observedOn(EnrolgateTopics.keys(DISABLED_DEVICE))).isEmpty();
        assertThat(harness.store().allEnrolments()).isEmpty();
    }

    @Test
    void badInputIsRejectedOrDroppedAndCountedAndTheServiceKeepsServing() throws Exception {
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF, 0x00, 0x13};
        EgResponse malformed = EgResponse.parseFrom(await(harness.send(garbage, requestId(), GATEWAY)).payload());
        EgResponse oversized = EgResponse.parseFrom(await(harness.send(new byte[64 * 1024], requestId(), GATEWAY)).payload());
        var wrongId = request(new byte[3], DEVICE, 1);
        EgResponse shortId = EgResponse.parseFrom(await(harness.send(wrongId.toByteArray(), new byte[] {9}, GATEWAY)).payload());
        // No response topic: nobody to answer, so it is dropped and counted.
        await(harness.requesterSession().publish(EnrolgateTopics.request(GATEWAY), request(requestId(), DEVICE, 1).toByteArray(),
                new MqttProperties()));

        assertThat(List.of(malformed, oversized, shortId)).allSatisfy(r ->
                assertThat(r.getRejection().getCode()).isEqualTo(Rejection.Code.MALFORMED_REQUEST));
        assertThat(oversized.getRejection().getMessage()).contains("65536 bytes exceeds the limit");
        eventually(() -> replica.metrics().requests(Outcome.DROPPED) == 1, "the unanswerable request counted as dropped");
        assertThat(replica.metrics().requests(Outcome.MALFORMED)).isEqualTo(3);

        EgResponse stillServing = EgResponse.parseFrom(await(harness.send(request(requestId(), DEVICE, 2))).payload());
        assertThat(stillServing.getResultCase()).isEqualTo(EgResponse.ResultCase.NWK_FRAME);
        String metrics = scrape("/metrics");
        assertThat(metrics).contains("enrolgate_keyforge_requests_total{").contains("outcome=\"malformed\"")
                .contains("enrolgate_keyforge_forge_seconds_bucket").contains("enrolgate_keyforge_counter_blocks_total");
        assertThat(scrape("/health/ready")).contains("\"mqtt\":\"UP\"").contains("\"database\":\"UP\"");
    }

    @Test
    void twoReplicasOnOneSharedSubscriptionAnswerEveryRequestExactlyOnce() throws Exception {
        KeyForgeService second = harness.startReplica("forge-b-" + System.nanoTime());
        int requests = 200;
        List<byte[]> ids = new ArrayList<>();
        List<CompletableFuture<InboundMessage>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            byte[] id = requestId();
            ids.add(id);
            answers.add(harness.send(request(id, TestDevices.device(i % DEVICES), 0x100 + i)));
        }
        for (int i = 0; i < requests; i++) {
            EgResponse response = EgResponse.parseFrom(await(answers.get(i)).payload());
            assertThat(response.getRequestId().toByteArray()).isEqualTo(ids.get(i));
            decryptedKey(response);
        }

        eventually(() -> harness.observedOn(harness.responseTopic()).size() >= requests, "every response observed");
        Map<String, Long> responsesPerRequest = harness.observedOn(harness.responseTopic()).stream()
                .collect(Collectors.groupingBy(m -> HexFormat.of().formatHex(m.correlationData().orElseThrow()),
                        Collectors.counting()));
        assertThat(responsesPerRequest).hasSize(requests).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        double servedByA = replica.metrics().requests(Outcome.KEY_ISSUED);
        double servedByB = second.metrics().requests(Outcome.KEY_ISSUED);
        assertThat(servedByA + servedByB).isEqualTo(requests);
        assertThat(servedByA).as("the broker shares the requests").isPositive();
        assertThat(servedByB).as("the broker shares the requests").isPositive();
        List<Enrolment> recorded = harness.store().allEnrolments();
        assertThat(recorded).hasSize(requests);
        Set<Long> counters = recorded.stream().map(e -> e.frameCounter().getAsLong()).collect(Collectors.toSet());
        assertThat(counters).as("no frame counter used twice").hasSize(requests);
    }

    @Test
    void whenAReplicaIsKilledMidLoadEveryRequestIsAnsweredAfterRetriesWithoutReusingACounter() throws Exception {
        // A short session expiry, so that the dead replica's session soon leaves the shared subscription.
        Map<String, String> fast = Map.of("mqtt.session-expiry", "2s");
        KeyForgeService doomed = harness.startReplica("forge-doomed-" + System.nanoTime(), fast);
        int requests = 150;
        List<CompletableFuture<InboundMessage>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            answers.add(harness.sendRetrying(request(requestId(), TestDevices.device(i % DEVICES), 0x200 + i),
                    java.time.Duration.ofSeconds(3), 15));
            if (i == requests / 3) {
                eventually(() -> doomed.metrics().requests(Outcome.KEY_ISSUED) > 0, "the doomed replica at work");
                harness.crashReplica(doomed);
            }
        }
        for (CompletableFuture<InboundMessage> answer : answers) {
            decryptedKey(EgResponse.parseFrom(await(answer).payload()));
        }

        List<Enrolment> recorded = harness.store().allEnrolments();
        assertThat(recorded).as("one enrolment per request id").hasSize(requests);
        assertThat(recorded.stream().map(e -> e.frameCounter().getAsLong()).collect(Collectors.toSet()))
                .as("no frame counter used twice").hasSize(requests);
        // The observer is a separate subscriber: the last answers may reach it after they reached the requester.
        eventually(() -> harness.observedOn(harness.responseTopic()).stream()
                .map(m -> HexFormat.of().formatHex(m.correlationData().orElseThrow())).distinct().count() == requests,
                "an answer to every request observed");
        // Every answer seen for one request id is the same frame: never two keys for one request.
        Map<String, Set<String>> framesPerRequest = harness.observedOn(harness.responseTopic()).stream()
                .collect(Collectors.groupingBy(m -> HexFormat.of().formatHex(m.correlationData().orElseThrow()),
                        Collectors.mapping(m -> HexFormat.of().formatHex(m.payload()), Collectors.toSet())));
        assertThat(framesPerRequest).hasSize(requests).allSatisfy((id, frames) -> assertThat(frames).hasSize(1));
    }

    @Test
    void afterARestartAgainstTheSameDatabaseNewCountersAreAboveEveryCounterUsed() throws Exception {
        for (int i = 0; i < 5; i++) {
            await(harness.send(request(requestId(), TestDevices.device(i), 3)));
        }
        long highest = harness.store().allEnrolments().stream().mapToLong(e -> e.frameCounter().getAsLong()).max().orElseThrow();
        harness.stopReplica(replica);
        replica = harness.startReplica("forge-restarted-" + System.nanoTime());

        EgResponse after = EgResponse.parseFrom(await(harness.send(request(requestId(), DEVICE, 3))).payload());
        long counter = TransportKeyDecoder.decodeNwkFrame(after.getNwkFrame().toByteArray(), INSTALL_CODE.linkKey())
                .auxSecurityHeader().frameCounter();
        assertThat(counter).isGreaterThan(highest);
    }

    @Test
    void noKeyMaterialReachesTheLogsOrTheBroker() throws Exception {
        List<SymmetricKey> issued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            issued.add(decryptedKey(EgResponse.parseFrom(await(harness.send(request(requestId(), TestDevices.device(i), 9))).payload())));
        }
        await(harness.send(request(requestId(), UNKNOWN_DEVICE, 9)));
        eventually(() -> harness.observedOn(EnrolgateTopics.events(TestDevices.device(4))).size() == 2, "events of the last enrolment");

        List<byte[]> secrets = new ArrayList<>();
        issued.forEach(key -> secrets.add(key.toBytes()));
        secrets.add(INSTALL_CODE.linkKey().toBytes());
        secrets.add(INSTALL_CODE.toBytesWithCrc());
        secrets.add(io.enrolgate.zigbee.crypto.KeyDerivation.keyTransportKey(INSTALL_CODE.linkKey()).toBytes());
        List<String> forbidden = secrets.stream().flatMap(secret -> textForms(secret).stream()).toList();

        List<String> logLines = CapturingAppender.lines();
        assertThat(logLines).as("DEBUG logging was on and captured").anyMatch(line -> line.contains("issued key"));
        for (String line : logLines) {
            for (String form : forbidden) {
                assertThat(line).as("log line").doesNotContain(form);
            }
        }
        List<InboundMessage> onBroker = harness.observed();
        assertThat(onBroker).hasSizeGreaterThan(15);
        for (InboundMessage message : onBroker) {
            String asText = new String(message.payload(), StandardCharsets.ISO_8859_1);
            for (byte[] secret : secrets) {
                assertThat(indexOf(message.payload(), secret)).as("raw key bytes on " + message.topic()).isEqualTo(-1);
            }
            for (String form : forbidden) {
                assertThat(asText).as("message on " + message.topic()).doesNotContain(form);
            }
        }
    }

    private static List<String> textForms(byte[] secret) {
        String hex = HexFormat.of().formatHex(secret);
        return List.of(hex, hex.toUpperCase(java.util.Locale.ROOT), Base64.getEncoder().encodeToString(secret),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                // A key split by separators, as a Wireshark-style dump would print it.
                HexFormat.ofDelimiter(":").formatHex(secret), HexFormat.ofDelimiter(" ").withUpperCase().formatHex(secret));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private SymmetricKey openedKey(KeyDelivery delivery) {
        return SymmetricKey.of(new KeyOpener(harness.provisioningKey(), KeyDeliverySeal.INFO).open(delivery.getSealedKey(),
                KeyDeliverySeal.associatedData(delivery.getEnrolmentId(), delivery.getDeviceIeee())));
    }

    private static SymmetricKey decryptedKey(EgResponse response) throws Exception {
        var decoded = TransportKeyDecoder.decodeNwkFrame(response.getNwkFrame().toByteArray(), INSTALL_CODE.linkKey());
        return ((TransportKeyCommand.NetworkKey) decoded.command()).key();
    }

    private static EnrolmentEvent event(InboundMessage message) {
        try {
            EnrolmentEvent.Builder event = EnrolmentEvent.newBuilder();
            JsonFormat.parser().merge(new String(message.payload(), StandardCharsets.UTF_8), event);
            return event.build();
        } catch (Exception e) {
            throw new AssertionError("not an EnrolmentEvent in JSON: " + e.getMessage(), e);
        }
    }

    private String scrape(String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(ForgeHarness.TIMEOUT).build();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.httpPort() + path))
                .timeout(ForgeHarness.TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
