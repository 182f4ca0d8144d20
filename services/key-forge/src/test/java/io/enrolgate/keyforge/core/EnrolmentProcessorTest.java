package io.enrolgate.keyforge.core;

import static io.enrolgate.keyforge.support.TestDevices.DEVICE;
import static io.enrolgate.keyforge.support.TestDevices.DISABLED_DEVICE;
import static io.enrolgate.keyforge.support.TestDevices.GATEWAY;
import static io.enrolgate.keyforge.support.TestDevices.INSTALL_CODE;
import static io.enrolgate.keyforge.support.TestDevices.UNKNOWN_DEVICE;
import static io.enrolgate.keyforge.support.TestDevices.request;
import static io.enrolgate.keyforge.support.TestDevices.requestId;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.hpke.HpkePrivateKey;
import io.enrolgate.common.hpke.KeyDeliverySeal;
import io.enrolgate.common.hpke.KeyOpener;
import io.enrolgate.common.hpke.KeySealer;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.keyforge.support.TestDevices;
import io.enrolgate.proto.v1.EgResponse;
import io.enrolgate.proto.v1.EnrolmentEvent;
import io.enrolgate.proto.v1.KeyDelivery;
import io.enrolgate.proto.v1.Rejection;
import io.enrolgate.registry.counter.FrameCounterAllocator;
import io.enrolgate.registry.enrolment.Enrolment;
import io.enrolgate.registry.enrolment.EnrolmentState;
import io.enrolgate.registry.enrolment.RequestId;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.registry.store.RegistryStoreBuilder;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.frame.TransportKeyCommand;
import io.enrolgate.zigbee.transportkey.DecodedTransportKey;
import io.enrolgate.zigbee.transportkey.TransportKeyDecoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The processor against a real (in-memory H2) registry, no network. */
class EnrolmentProcessorTest {
    private static final String TOPIC = EnrolgateTopics.request(GATEWAY);

    private static final Duration REDELIVERY_AGE = Duration.ofMinutes(2);

    private final HpkePrivateKey provisioning = HpkePrivateKey.generate(new SecureRandom());
    /** One clock for the registry, the processor and the sweep, moved by the tests. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T08:00:00Z"));
    private RegistryStore store;
    private FrameCounterAllocator counters;
    private KeyForgeMetrics metrics;
    private EnrolmentProcessor processor;

    @BeforeEach
    void setUp() {
        store = new RegistryStoreBuilder()
                .database(DatabaseConfig.h2InMemory("forge_" + UUID.randomUUID().toString().replace("-", "")))
                .keyEncryptionKey(KeyEncryptionKey.generate(new SecureRandom()))
                .clock(clock)
                .build();
        TestDevices.register(store, 3);
        counters = new FrameCounterAllocator(store, 10);
        metrics = new KeyForgeMetrics(new SimpleMeterRegistry(), counters);
        processor = processorOn(store);
    }

    private EnrolmentProcessor processorOn(RegistryStore registry) {
        return new EnrolmentProcessor(registry, counters, NetworkKeySource.create(),
                new KeySealer(provisioning.publicKey(), KeyDeliverySeal.INFO), new ForgeSettings("forge-test", 512),
                metrics, clock);
    }

    private KeyDeliverySweep sweep() {
        return new KeyDeliverySweep(store, new RedeliverySettings(REDELIVERY_AGE, Duration.ofSeconds(30), 100), metrics,
                clock);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void issuesAKeyThatTheDeviceAndProvisioningBothRecover() throws Exception {
        byte[] id = requestId();
        ForgeResult result = processor.process(TOPIC, request(id, DEVICE, 0x4F21).toByteArray(), true);

        assertThat(result.outcome()).isEqualTo(Outcome.KEY_ISSUED);
        List<Publication> out = result.publications();
        assertThat(out).extracting(Publication::topic).containsExactly(EnrolgateTopics.events(DEVICE), EnrolgateTopics.keys(DEVICE),
                null, EnrolgateTopics.events(DEVICE));
        assertThat(event(out.get(0)).getState()).isEqualTo(EnrolmentEvent.State.REQUESTED);

        EgResponse response = EgResponse.parseFrom(out.get(2).payload());
        assertThat(response.getRequestId().toByteArray()).isEqualTo(id);
        assertThat(response.getDeviceIeee()).isEqualTo(DEVICE.value());
        assertThat(response.getDeviceShort()).isEqualTo(0x4F21);
        DecodedTransportKey decoded = TransportKeyDecoder.decodeNwkFrame(response.getNwkFrame().toByteArray(),
                INSTALL_CODE.linkKey());
        TransportKeyCommand.NetworkKey command = (TransportKeyCommand.NetworkKey) decoded.command();
        assertThat(command.destinationAddress()).isEqualTo(DEVICE);
        assertThat(command.sourceAddress()).isEqualTo(GATEWAY);

        KeyDelivery delivery = KeyDelivery.parseFrom(out.get(1).payload());
        byte[] opened = new KeyOpener(provisioning, KeyDeliverySeal.INFO).open(delivery.getSealedKey(),
                KeyDeliverySeal.associatedData(delivery.getEnrolmentId(), DEVICE.value()));
        assertThat(SymmetricKey.of(opened)).isEqualTo(command.key());
        assertThat(delivery.getKeySequence()).isEqualTo(command.keySequenceNumber());

        EnrolmentEvent issued = event(out.get(3));
        assertThat(issued.getState()).isEqualTo(EnrolmentEvent.State.KEY_ISSUED);
        assertThat(issued.getKeyIdentifier()).as("the MEF assigns it, later").isEmpty();
        assertThat(issued.getKeySequence()).isEqualTo(command.keySequenceNumber());
        assertThat(issued.getDeviceIeee()).isEqualTo(DEVICE.toTopicHex());

        Enrolment recorded = store.findEnrolmentByRequestId(RequestId.of(id)).orElseThrow();
        assertThat(recorded.state()).isEqualTo(EnrolmentState.KEY_ISSUED);
        assertThat(recorded.id().toString()).isEqualTo(delivery.getEnrolmentId());
        assertThat(recorded.keyIdentifier()).as("no placeholder key identifier").isEmpty();
        assertThat(recorded.frameCounter()).hasValue(decoded.auxSecurityHeader().frameCounter());
        assertThat(recorded.keySequence()).hasValue(command.keySequenceNumber());
        assertThat(recorded.responseFrame()).hasValueSatisfying(frame -> assertThat(frame).isEqualTo(out.get(2).payload()));
        assertThat(recorded.keyDelivery()).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(out.get(1).payload()));
        assertThat(store.findDevice(DEVICE).orElseThrow().keySequence()).isEqualTo(command.keySequenceNumber());
    }

    @Test
    void aRepeatedRequestIdGetsTheSameAnswerAndItsKeyDeliveryAgainButNothingNew() throws Exception {
        byte[] payload = request(requestId(), DEVICE, 0x1234).toByteArray();
        ForgeResult first = processor.process(TOPIC, payload, true);
        ForgeResult again = processor.process(TOPIC, payload, true);

        assertThat(again.outcome()).isEqualTo(Outcome.REPEATED);
        assertThat(again.publications()).extracting(Publication::topic).containsExactly(EnrolgateTopics.keys(DEVICE), null);
        assertThat(again.publications().get(0).payload()).isEqualTo(first.publications().get(1).payload());
        assertThat(again.publications().get(1).payload()).isEqualTo(first.publications().get(2).payload());
        assertThat(store.enrolmentsOf(DEVICE)).hasSize(1);
        assertThat(store.findDevice(DEVICE).orElseThrow().keySequence()).isEqualTo(1);
        assertThat(metrics.requests(Outcome.KEY_ISSUED)).isEqualTo(1);
        assertThat(metrics.requests(Outcome.REPEATED)).isEqualTo(1);
        assertThat(metrics.redeliveries(KeyForgeMetrics.Redelivery.REPEATED_REQUEST)).isEqualTo(1);
    }

    @Test
    void aKeyRecordedByAReplicaThatDiedBeforePublishingReachesProvisioningWhenTheGatewayRepeats() throws Exception {
        byte[] id = requestId();
        byte[] payload = request(id, DEVICE, 0x2345).toByteArray();
        // Decided and recorded; the replica dies before publishing any of it.
        processor.process(TOPIC, payload, true);

        ForgeResult repeat = processor.process(TOPIC, payload, true);

        KeyDelivery delivery = KeyDelivery.parseFrom(repeat.publications().get(0).payload());
        EgResponse response = EgResponse.parseFrom(repeat.publications().get(1).payload());
        assertThat(openedKey(delivery)).isEqualTo(deviceKey(response));
        assertThat(delivery.getEnrolmentId()).isEqualTo(store.findEnrolmentByRequestId(RequestId.of(id)).orElseThrow()
                .id().toString());
    }

    @Test
    void onceProvisioningHasTheKeyARepeatedRequestGetsTheResponseOnly() throws Exception {
        byte[] id = requestId();
        byte[] payload = request(id, DEVICE, 0x1234).toByteArray();
        ForgeResult first = processor.process(TOPIC, payload, true);
        Enrolment recorded = store.findEnrolmentByRequestId(RequestId.of(id)).orElseThrow();
        store.setEnrolmentState(recorded.id(), EnrolmentState.KEY_PROVISIONED, Optional.empty());

        ForgeResult again = processor.process(TOPIC, payload, true);

        assertThat(again.publications()).singleElement().satisfies(p -> {
            assertThat(p.isResponse()).isTrue();
            assertThat(p.payload()).isEqualTo(first.publications().get(2).payload());
        });
    }

    @Test
    void theSweepSendsAgainTheKeyDeliveriesThatProvisioningHasNotTakenOncePerAge() throws Exception {
        byte[] id = requestId();
        // Recorded, and the replica died before publishing: nobody repeats the request.
        processor.process(TOPIC, request(id, DEVICE, 0x3456).toByteArray(), true);
        ForgeResult published = processor.process(TOPIC, request(requestId(), TestDevices.device(1), 0x3457).toByteArray(),
                true);
        Enrolment lost = store.findEnrolmentByRequestId(RequestId.of(id)).orElseThrow();
        KeyDeliverySweep sweep = sweep();

        assertThat(sweep.sweep()).as("younger than the age").isEmpty();
        clock.advance(REDELIVERY_AGE.plusSeconds(1));
        Enrolment delivered = store.findEnrolment(enrolmentIdOf(published)).orElseThrow();
        store.setEnrolmentState(delivered.id(), EnrolmentState.KEY_PROVISIONED, Optional.empty());

        List<Publication> again = sweep.sweep();
        assertThat(again).singleElement().satisfies(p -> {
            assertThat(p.topic()).isEqualTo(EnrolgateTopics.keys(DEVICE));
            assertThat(p.contentType()).isEqualTo(Publication.PROTOBUF);
            assertThat(p.payload()).isEqualTo(lost.keyDelivery().orElseThrow());
        });
        KeyDelivery delivery = KeyDelivery.parseFrom(again.get(0).payload());
        assertThat(delivery.getEnrolmentId()).isEqualTo(lost.id().toString());
        assertThat(openedKey(delivery)).isEqualTo(deviceKey(EgResponse.parseFrom(lost.responseFrame().orElseThrow())));
        assertThat(sweep.sweep()).as("claimed: not again before another age").isEmpty();

        clock.advance(REDELIVERY_AGE.plusSeconds(1));
        assertThat(sweep.sweep()).as("still not taken after another age").hasSize(1);
        store.setEnrolmentState(lost.id(), EnrolmentState.KEY_PROVISIONED, Optional.empty());
        clock.advance(REDELIVERY_AGE.plusSeconds(1));
        assertThat(sweep.sweep()).as("provisioning has it").isEmpty();
        assertThat(metrics.redeliveries(KeyForgeMetrics.Redelivery.SWEEP)).isEqualTo(2);
        assertThat(metrics.sweeps()).isEqualTo(5);
    }

    @Test
    void twoSweepingReplicasSendEachWaitingKeyDeliveryOnce() throws Exception {
        for (int i = 0; i < 5; i++) {
            processor.process(TOPIC, request(requestId(), TestDevices.device(i % 3), 0x100 + i).toByteArray(), true);
        }
        clock.advance(REDELIVERY_AGE.plusSeconds(1));

        List<Publication> first = sweep().sweep();
        List<Publication> second = sweep().sweep();

        assertThat(first).hasSize(5);
        assertThat(second).isEmpty();
    }

    @Test
    void aReplicaThatLosesTheRaceOnARequestIdAnswersWithTheRecordAndLeavesTheKeySequenceAlone() throws Exception {
        byte[] payload = request(requestId(), DEVICE, 0x1234).toByteArray();
        ForgeResult winner = processor.process(TOPIC, payload, true);
        // The other replica looked the request id up just before the winner recorded it: it does not see it.
        EnrolmentProcessor late = processorOn(blindToRecordedRequests(store));

        ForgeResult loser = late.process(TOPIC, payload, true);

        assertThat(loser.outcome()).isEqualTo(Outcome.REPEATED);
        assertThat(loser.publications().get(loser.publications().size() - 1).payload())
                .isEqualTo(winner.publications().get(2).payload());
        assertThat(store.enrolmentsOf(DEVICE)).hasSize(1);
        assertThat(store.findDevice(DEVICE).orElseThrow().keySequence())
                .as("one key sequence number per recorded enrolment").isEqualTo(1);
    }

    /** The store, except that it never finds an enrolment by request id (as if read just before it was recorded). */
    private static RegistryStore blindToRecordedRequests(RegistryStore store) {
        return (RegistryStore) Proxy.newProxyInstance(RegistryStore.class.getClassLoader(),
                new Class<?>[] {RegistryStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("findEnrolmentByRequestId")) {
                        return Optional.empty();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static UUID enrolmentIdOf(ForgeResult result) throws Exception {
        return UUID.fromString(KeyDelivery.parseFrom(result.publications().get(1).payload()).getEnrolmentId());
    }

    private SymmetricKey openedKey(KeyDelivery delivery) {
        return SymmetricKey.of(new KeyOpener(provisioning, KeyDeliverySeal.INFO).open(delivery.getSealedKey(),
                KeyDeliverySeal.associatedData(delivery.getEnrolmentId(), delivery.getDeviceIeee())));
    }

    private static SymmetricKey deviceKey(EgResponse response) throws Exception {
        DecodedTransportKey decoded = TransportKeyDecoder.decodeNwkFrame(response.getNwkFrame().toByteArray(),
                INSTALL_CODE.linkKey());
        return ((TransportKeyCommand.NetworkKey) decoded.command()).key();
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void unknownAndDisabledDevicesAreRejectedWithAnEventAndNothingElse() throws Exception {
        ForgeResult unknown = processor.process(TOPIC, request(requestId(), UNKNOWN_DEVICE, 1).toByteArray(), true);
        ForgeResult disabled = processor.process(TOPIC, request(requestId(), DISABLED_DEVICE, 2).toByteArray(), true);

        assertRejected(unknown, Outcome.UNKNOWN_DEVICE, Rejection.Code.UNKNOWN_DEVICE, UNKNOWN_DEVICE);
        assertRejected(disabled, Outcome.DEVICE_DISABLED, Rejection.Code.DEVICE_DISABLED, DISABLED_DEVICE);
        assertThat(store.allEnrolments()).isEmpty();
    }

    private static void assertRejected(ForgeResult result, Outcome outcome, Rejection.Code code,
            io.enrolgate.zigbee.IeeeAddress device) throws Exception {
        assertThat(result.outcome()).isEqualTo(outcome);
        assertThat(result.publications()).extracting(Publication::topic)
                .containsExactly(EnrolgateTopics.events(device), null, EnrolgateTopics.events(device));
        EgResponse response = EgResponse.parseFrom(result.publications().get(1).payload());
        assertThat(response.getRejection().getCode()).isEqualTo(code);
        assertThat(response.getRejection().getMessage()).contains(device.toTopicHex());
        EnrolmentEvent event = event(result.publications().get(2));
        assertThat(event.getState()).isEqualTo(EnrolmentEvent.State.REJECTED);
        assertThat(event.getRejectionCode()).isEqualTo(code);
    }

    @Test
    void malformedRequestsAreAnsweredWithTheReasonAndIssueNothing() throws Exception {
        assertMalformed(processor.process(TOPIC, new byte[] {(byte) 0xFF, 0x01, 0x02}, true), "not a protobuf EgRequest",
                ByteString.EMPTY);
        assertMalformed(processor.process(TOPIC, new byte[600], true), "600 bytes exceeds the limit of 512",
                ByteString.EMPTY);
        byte[] shortId = new byte[8];
        assertMalformed(processor.process(TOPIC, request(shortId, DEVICE, 1).toByteArray(), true),
                "request_id has 8 bytes: expected 16", ByteString.copyFrom(shortId));
        byte[] id = requestId();
        assertMalformed(processor.process(EnrolgateTopics.request(UNKNOWN_DEVICE), request(id, DEVICE, 1).toByteArray(), true),
                "differs from the gateway", ByteString.copyFrom(id));
        assertMalformed(processor.process(TOPIC, request(id, DEVICE, 0xFFFF).toByteArray(), true),
                "device_short 65535 is out of range", ByteString.copyFrom(id));
        assertMalformed(processor.process(TOPIC, request(id, DEVICE, 1).toBuilder().setPanId(-1).build().toByteArray(), true),
                "pan_id 4294967295 is out of range", ByteString.copyFrom(id));
        assertMalformed(processor.process("enrolgate/v1/gw/NOT-HEX/eg/request", request(id, DEVICE, 1).toByteArray(), true),
                "is not enrolgate/v1/gw/{16 lower-case hex digits}", ByteString.EMPTY);

        assertThat(processor.process(TOPIC, new byte[] {1, 2, 3}, false).outcome()).isEqualTo(Outcome.DROPPED);
        assertThat(processor.process(TOPIC, request(requestId(), DEVICE, 1).toByteArray(), false).outcome())
                .as("nothing is issued when no answer can be sent").isEqualTo(Outcome.DROPPED);
        assertThat(store.allEnrolments()).isEmpty();
        assertThat(metrics.requests(Outcome.MALFORMED)).isEqualTo(7);
        assertThat(metrics.requests(Outcome.DROPPED)).isEqualTo(2);
    }

    @Test
    void aRequestIdReusedForAnotherDeviceIsRefused() throws Exception {
        byte[] id = requestId();
        processor.process(TOPIC, request(id, DEVICE, 1).toByteArray(), true);
        ForgeResult reused = processor.process(TOPIC, request(id, TestDevices.device(1), 2).toByteArray(), true);

        assertMalformed(reused, "already used for another device", ByteString.copyFrom(id));
        assertThat(store.enrolmentsOf(TestDevices.device(1))).isEmpty();
    }

    @Test
    void everyIssuedKeyHasItsOwnFrameCounterAndKey() throws Exception {
        Set<Long> counters = new HashSet<>();
        Set<SymmetricKey> keys = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            ForgeResult result = processor.process(TOPIC, request(requestId(), TestDevices.device(i % 3), 7).toByteArray(), true);
            DecodedTransportKey decoded = TransportKeyDecoder.decodeNwkFrame(
                    EgResponse.parseFrom(result.publications().get(2).payload()).getNwkFrame().toByteArray(),
                    INSTALL_CODE.linkKey());
            counters.add(decoded.auxSecurityHeader().frameCounter());
            keys.add(((TransportKeyCommand.NetworkKey) decoded.command()).key());
        }
        assertThat(counters).hasSize(25);
        assertThat(keys).hasSize(25);
    }

    private static void assertMalformed(ForgeResult result, String reason, ByteString requestId) throws Exception {
        assertThat(result.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(result.publications()).singleElement().satisfies(p -> assertThat(p.isResponse()).isTrue());
        EgResponse response = EgResponse.parseFrom(result.publications().get(0).payload());
        assertThat(response.getRejection().getCode()).isEqualTo(Rejection.Code.MALFORMED_REQUEST);
        assertThat(response.getRejection().getMessage()).contains(reason);
        assertThat(response.getRequestId()).isEqualTo(requestId);
    }

    private static EnrolmentEvent event(Publication publication) throws Exception {
        assertThat(publication.contentType()).isEqualTo(Publication.JSON);
        EnrolmentEvent.Builder event = EnrolmentEvent.newBuilder();
        JsonFormat.parser().merge(new String(publication.payload(), StandardCharsets.UTF_8), event);
        return event.build();
    }
}
