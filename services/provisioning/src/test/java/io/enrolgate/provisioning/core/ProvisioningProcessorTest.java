package io.enrolgate.provisioning.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.enrolgate.common.hpke.HpkePrivateKey;
import io.enrolgate.common.hpke.KeyDeliverySeal;
import io.enrolgate.common.hpke.KeyOpener;
import io.enrolgate.common.hpke.KeySealer;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.mef.core.MefKeyValue;
import io.enrolgate.mef.core.OneM2mId;
import io.enrolgate.mef.core.RelativeKeyId;
import io.enrolgate.proto.v1.EnrolmentEvent;
import io.enrolgate.proto.v1.KeyDelivery;
import io.enrolgate.provisioning.store.JdbcWorkStore;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The state machine on a real (H2 in memory) work store, with the MEF, CSE, registry and broker faked. */
class ProvisioningProcessorTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final IeeeAddress DEVICE = IeeeAddress.parse("000D6F000A0B0C0D");
    private static final IeeeAddress GATEWAY = IeeeAddress.parse("000D6F00AABBCCDD");
    private static final Duration LEASE = Duration.ofMinutes(1);

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final JdbcWorkStore store = JdbcWorkStore.open(DatabaseConfig.h2InMemory("work-" + UUID.randomUUID()));
    private final HpkePrivateKey privateKey = HpkePrivateKey.generate(RANDOM);
    private final KeyDeliveryOpener opener = new KeyDeliveryOpener(new KeyOpener(privateKey, KeyDeliverySeal.INFO));
    private final FakeMef mef = new FakeMef();
    private final FakeCse cse = new FakeCse();
    private final FakeRegistry registry = new FakeRegistry();
    private final FakeEvents events = new FakeEvents();
    private final ProvisioningMetrics metrics = new ProvisioningMetrics(new SimpleMeterRegistry());
    private final ProvisioningProcessor processor = processor(new RetryPolicy(Duration.ofSeconds(1),
            Duration.ofSeconds(8), 3));

    @AfterEach
    void close() {
        store.close();
    }

    private ProvisioningProcessor processor(RetryPolicy retry) {
        return new ProvisioningProcessor(store, opener, mef, Optional.of(cse), registry, events,
                new ProvisioningSettings("replica-1", Duration.ofDays(365), Duration.ofMinutes(10), LEASE, retry),
                metrics, clock);
    }

    private record Delivered(UUID enrolmentId, SymmetricKey key) {
    }

    private Delivered accept() {
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        UUID id = UUID.randomUUID();
        KeyDelivery delivery = KeyDelivery.newBuilder()
                .setEnrolmentId(id.toString())
                .setDeviceIeee(DEVICE.value())
                .setKeySequence(7)
                .setSealedKey(new KeySealer(privateKey.publicKey(), KeyDeliverySeal.INFO)
                        .seal(key, KeyDeliverySeal.associatedData(id.toString(), DEVICE.value())))
                .setRequestId(ByteString.copyFrom(new byte[] {1, 2, 3, 4}))
                .build();
        DeliveryIntake.Result result = new DeliveryIntake(opener, store, metrics, clock)
                .accept(EnrolgateTopics.keys(DEVICE), delivery.toByteArray());
        assertThat(result.outcome()).isEqualTo(DeliveryIntake.Outcome.ACCEPTED);
        return new Delivered(id, SymmetricKey.of(key));
    }

    @Test
    void aKeySupersededByANewerOneOfTheDeviceLeavesTheNodeInTheCseToTheNewerOne() throws Exception {
        Delivered older = accept();
        registry.keySequence = 8;

        WorkItem done = processor.run(older.enrolmentId()).orElseThrow();

        assertThat(done.state()).isEqualTo(WorkState.PROVISIONED);
        assertThat(mef.confirmed).hasSize(1);
        assertThat(cse.nodes).as("the AE keeps the newer key's identifier").isEmpty();
        assertThat(events.parsed(0).getState()).isEqualTo(EnrolmentEvent.State.KEY_PROVISIONED);
    }

    @Test
    void withoutACseTheNodeStepIsSkippedAndCountedAsSkipped() throws Exception {
        ProvisioningProcessor withoutCse = new ProvisioningProcessor(store, opener, mef, Optional.empty(), registry,
                events, new ProvisioningSettings("replica-1", Duration.ofDays(365), Duration.ofMinutes(10), LEASE,
                        RetryPolicy.defaults()), metrics, clock);
        Delivered delivered = accept();

        WorkItem done = withoutCse.run(delivered.enrolmentId()).orElseThrow();

        assertThat(done.state()).isEqualTo(WorkState.PROVISIONED);
        assertThat(mef.confirmed).hasSize(1);
        assertThat(registry.provisioned).hasSize(1);
        assertThat(events.parsed(0).getState()).isEqualTo(EnrolmentEvent.State.KEY_PROVISIONED);
        assertThat(metrics.count("enrolgate.provisioning.steps", "step", "cse_register", "outcome", "skipped"))
                .isEqualTo(1);
        assertThat(metrics.count("enrolgate.provisioning.steps", "step", "cse_register", "outcome", "ok")).isZero();
    }

    @Test
    void registersProvisionallyConfirmsRegistersTheNodeAndTellsIt() throws Exception {
        Delivered delivered = accept();
        WorkItem done = processor.run(delivered.enrolmentId()).orElseThrow();

        assertThat(done.state()).isEqualTo(WorkState.PROVISIONED);
        assertThat(mef.registrations).hasSize(1);
        FakeMef.Registration registration = mef.registrations.get(0);
        assertThat(registration.keyValue.firstHalf()).isEqualTo(delivered.key().toBytes());
        assertThat(Arrays.copyOfRange(registration.keyValue.toBytes(), 16, 32)).isNotEqualTo(delivered.key().toBytes());
        assertThat(registration.targets).containsExactly(new OneM2mId("CApp01"));
        assertThat(registration.labels).containsExactly("ieee:000d6f000a0b0c0d", "enrolment:" + delivered.enrolmentId(),
                "provisional");
        assertThat(registration.expiration).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(mef.confirmed).containsExactly(registration.keyId);
        assertThat(mef.confirmedLabels).containsExactly("ieee:000d6f000a0b0c0d", "enrolment:" + delivered.enrolmentId());
        assertThat(mef.confirmedExpiration).isEqualTo(clock.instant().plus(Duration.ofDays(365)));
        assertThat(cse.nodes).containsExactly(DEVICE + " " + registration.keyId);
        assertThat(registry.provisioned).containsExactly(delivered.enrolmentId() + " " + registration.keyId);

        EnrolmentEvent event = events.parsed(0);
        assertThat(events.topics).containsExactly("enrolgate/v1/events/000d6f000a0b0c0d");
        assertThat(event.getState()).isEqualTo(EnrolmentEvent.State.KEY_PROVISIONED);
        assertThat(event.getKeyIdentifier()).isEqualTo(registration.keyId.toString());
        assertThat(event.getEnrolmentId()).isEqualTo(delivered.enrolmentId().toString());
        assertThat(event.getGatewayIeee()).isEqualTo("000d6f00aabbccdd");
        assertThat(event.getKeySequence()).isEqualTo(7);
        assertThat(event.getRequestId().toByteArray()).containsExactly(1, 2, 3, 4);
        assertThat(event.getEmittedBy()).isEqualTo("replica-1");

        // Finished work is never claimed again.
        assertThat(processor.run(delivered.enrolmentId())).isEmpty();
    }

    @Test
    void aTransientFailureIsRetriedLaterFromTheStoredState() {
        Delivered delivered = accept();
        mef.failures.add(StepException.transientFailure("MEF down"));

        WorkItem waiting = processor.run(delivered.enrolmentId()).orElseThrow();
        assertThat(waiting.state()).isEqualTo(WorkState.RECEIVED);
        assertThat(waiting.attempts()).isEqualTo(1);
        assertThat(waiting.lastError()).contains("MEF down");
        assertThat(waiting.nextAttemptAt()).isAfter(clock.instant());
        // Not due yet: neither this replica nor another takes it.
        assertThat(store.due(clock.instant(), 10)).isEmpty();
        assertThat(processor.run(delivered.enrolmentId())).isEmpty();

        clock.set(waiting.nextAttemptAt());
        assertThat(store.due(clock.instant(), 10)).containsExactly(delivered.enrolmentId());
        assertThat(processor.run(delivered.enrolmentId()).orElseThrow().state()).isEqualTo(WorkState.PROVISIONED);
        assertThat(mef.registrations).hasSize(1);
    }

    @Test
    void exhaustedRetriesEndAsFailedWithTheReason() throws Exception {
        Delivered delivered = accept();
        for (int i = 0; i < 3; i++) {
            mef.failures.add(StepException.transientFailure("cannot connect to the MEF"));
        }
        WorkItem item = processor.run(delivered.enrolmentId()).orElseThrow();
        while (!item.state().isTerminal()) {
            clock.set(item.nextAttemptAt());
            item = processor.run(delivered.enrolmentId()).orElseThrow();
        }
        assertThat(item.state()).isEqualTo(WorkState.FAILED);
        assertThat(item.lastError()).hasValueSatisfying(reason ->
                assertThat(reason).contains("mef_register failed 3 times", "cannot connect to the MEF"));
        assertThat(registry.failed).containsExactly(delivered.enrolmentId() + " " + item.lastError().orElseThrow());
        EnrolmentEvent event = events.parsed(0);
        assertThat(event.getState()).isEqualTo(EnrolmentEvent.State.FAILED);
        assertThat(event.getReason()).contains("failed 3 times");
        assertThat(event.getKeyIdentifier()).isEmpty();
        assertThat(event.getRequestId().toByteArray()).containsExactly(1, 2, 3, 4);
        assertThat(event.getGatewayIeee()).isEqualTo("000d6f00aabbccdd");
    }

    @Test
    void aPermanentFailureFailsAtOnceAndNamesTheKeyAlreadyRegistered() throws Exception {
        Delivered delivered = accept();
        cse.failure = StepException.permanentFailure("the resource cse-in/zigbee-000d6f000a0b0c0d is not this node's AE");
        WorkItem item = processor.run(delivered.enrolmentId()).orElseThrow();
        assertThat(item.state()).isEqualTo(WorkState.FAILED);
        EnrolmentEvent event = events.parsed(0);
        assertThat(event.getState()).isEqualTo(EnrolmentEvent.State.FAILED);
        assertThat(event.getReason()).contains("not this node's AE");
        assertThat(event.getKeyIdentifier()).isEqualTo(mef.registrations.get(0).keyId.toString());
    }

    @Test
    void aProvisionalRegistrationThatVanishedIsRegisteredAgain() {
        Delivered delivered = accept();
        mef.confirmFailures.add(new KeyRegistrar.RegistrationLostException("gone"));
        WorkItem item = processor.run(delivered.enrolmentId()).orElseThrow();
        assertThat(item.state()).isEqualTo(WorkState.PROVISIONED);
        assertThat(mef.registrations).hasSize(2);
        assertThat(item.keyIdentifier()).contains(mef.registrations.get(1).keyId.toString());
        assertThat(mef.confirmed).containsExactly(mef.registrations.get(1).keyId);
    }

    @Test
    void completionIsRetriedBeyondTheAttemptLimitNeverFailed() {
        Delivered delivered = accept();
        for (int i = 0; i < 5; i++) {
            events.failures.add(StepException.transientFailure("broker away"));
        }
        WorkItem item = processor.run(delivered.enrolmentId()).orElseThrow();
        int runs = 1;
        while (!item.state().isTerminal()) {
            assertThat(item.state()).isEqualTo(WorkState.NODE_REGISTERED);
            clock.set(item.nextAttemptAt());
            item = processor.run(delivered.enrolmentId()).orElseThrow();
            runs++;
        }
        assertThat(runs).isEqualTo(6);
        assertThat(item.state()).isEqualTo(WorkState.PROVISIONED);
        assertThat(mef.registrations).hasSize(1);
        assertThat(cse.nodes).hasSize(1);
    }

    @Test
    void oneReplicaAtATimeHoldsAnItem() {
        Delivered delivered = accept();
        assertThat(store.claim(delivered.enrolmentId(), "replica-2", clock.instant(), LEASE)).isPresent();
        assertThat(processor.run(delivered.enrolmentId())).isEmpty();
        // The other replica died: once its lease ran out, the item is this one's.
        clock.advance(LEASE.plusSeconds(1));
        assertThat(processor.run(delivered.enrolmentId()).orElseThrow().state()).isEqualTo(WorkState.PROVISIONED);
    }

    @Test
    void aDeliveryThatNoLongerOpensFails() {
        Delivered delivered = accept();
        ProvisioningProcessor otherKey = new ProvisioningProcessor(store,
                new KeyDeliveryOpener(new KeyOpener(HpkePrivateKey.generate(RANDOM), KeyDeliverySeal.INFO)), mef,
                Optional.of(cse), registry, events, new ProvisioningSettings("replica-1", Duration.ofDays(365), Duration.ofMinutes(10),
                        LEASE, RetryPolicy.defaults()), metrics, clock);
        WorkItem item = otherKey.run(delivered.enrolmentId()).orElseThrow();
        assertThat(item.state()).isEqualTo(WorkState.FAILED);
        assertThat(item.lastError()).hasValueSatisfying(r -> assertThat(r).contains("no longer opens"));
        assertThat(mef.registrations).isEmpty();
    }

    // ---- fakes

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static final class FakeMef implements KeyRegistrar {
        record Registration(KeyIdentifier keyId, List<OneM2mId> targets, MefKeyValue keyValue, List<String> labels,
                Instant expiration) {
        }

        final List<Registration> registrations = new ArrayList<>();
        final Deque<StepException> failures = new ArrayDeque<>();
        final Deque<StepException> confirmFailures = new ArrayDeque<>();
        final List<KeyIdentifier> confirmed = new ArrayList<>();
        List<String> confirmedLabels;
        Instant confirmedExpiration;

        @Override
        public String mefFqdn() {
            return "mef.example.com";
        }

        @Override
        public KeyIdentifier register(List<OneM2mId> targetIds, MefKeyValue keyValue, List<String> labels,
                Instant provisionalUntil) throws StepException {
            if (!failures.isEmpty()) {
                throw failures.pop();
            }
            KeyIdentifier keyId = new KeyIdentifier(RelativeKeyId.random(), mefFqdn());
            registrations.add(new Registration(keyId, targetIds, keyValue, labels, provisionalUntil));
            return keyId;
        }

        @Override
        public void confirm(KeyIdentifier keyId, Instant expiration, List<String> labels) throws StepException {
            if (!confirmFailures.isEmpty()) {
                throw confirmFailures.pop();
            }
            confirmed.add(keyId);
            confirmedLabels = labels;
            confirmedExpiration = expiration;
        }
    }

    static final class FakeCse implements NodeRegistrar {
        final List<String> nodes = new ArrayList<>();
        StepException failure;

        @Override
        public void registerNode(IeeeAddress device, KeyIdentifier keyId) throws StepException {
            if (failure != null) {
                throw failure;
            }
            nodes.add(device + " " + keyId);
        }
    }

    static final class FakeRegistry implements EnrolmentRecords {
        final List<String> provisioned = new ArrayList<>();
        final List<String> failed = new ArrayList<>();
        /** The device's last issued key: the one of the deliveries {@link #accept()} makes. */
        int keySequence = 7;

        @Override
        public OptionalInt keySequenceOf(IeeeAddress device) {
            return OptionalInt.of(keySequence);
        }

        @Override
        public List<OneM2mId> targetsOf(IeeeAddress device) {
            return List.of(new OneM2mId("CApp01"));
        }

        @Override
        public Optional<IeeeAddress> gatewayOf(UUID enrolmentId) {
            return Optional.of(GATEWAY);
        }

        @Override
        public void recordProvisioned(UUID enrolmentId, String keyIdentifier) {
            provisioned.add(enrolmentId + " " + keyIdentifier);
        }

        @Override
        public void recordFailed(UUID enrolmentId, String reason) {
            failed.add(enrolmentId + " " + reason);
        }
    }

    static final class FakeEvents implements EventSink {
        final List<String> topics = new ArrayList<>();
        final List<String> payloads = new ArrayList<>();
        final Deque<StepException> failures = new ArrayDeque<>();

        @Override
        public void publish(String topic, byte[] json) throws StepException {
            if (!failures.isEmpty()) {
                throw failures.pop();
            }
            topics.add(topic);
            payloads.add(new String(json, StandardCharsets.UTF_8));
        }

        EnrolmentEvent parsed(int index) throws Exception {
            EnrolmentEvent.Builder event = EnrolmentEvent.newBuilder();
            JsonFormat.parser().merge(payloads.get(index), event);
            return event.build();
        }
    }
}
