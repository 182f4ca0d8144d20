package io.enrolgate.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.common.storage.DatabaseKind;
import io.enrolgate.registry.TestDatabases;
import io.enrolgate.registry.TestDevices;
import io.enrolgate.registry.enrolment.Enrolment;
import io.enrolgate.registry.enrolment.EnrolmentState;
import io.enrolgate.registry.enrolment.RequestId;
import io.enrolgate.zigbee.IeeeAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issuing keys (key sequence and record in one transaction), the KeyDelivery kept with the record, and the
 * queries of key-forge's redelivery sweep, on each real database.
 */
class RegistryStoreIssueTest {
    private static final IeeeAddress DEVICE = TestDevices.KNOWN_IEEE;
    private static final IeeeAddress GATEWAY = IeeeAddress.parse("F4CE36000000AB01");
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path directory;

    private RegistryStore open(DatabaseKind kind) {
        RegistryStore store = TestDatabases.newStore(TestDatabases.fresh(kind, directory), TestDatabases.randomKek());
        store.addDevice(TestDevices.known());
        return store;
    }

    private static Enrolment issued(RequestId requestId, int keySequence, byte[] delivery, Instant now) {
        return Enrolment.requested(requestId, DEVICE, GATEWAY, now)
                .withKeyIssued(1000 + keySequence, keySequence, new byte[] {0x08, (byte) keySequence}, delivery, now);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void issuingAdvancesTheKeySequenceAndRecordsTheKeyDeliveryWithTheEnrolment(DatabaseKind kind) {
        try (RegistryStore store = open(kind)) {
            byte[] delivery = {1, 2, 3, 4};
            Enrolment recorded = store.recordIssuedEnrolment(DEVICE,
                    sequence -> issued(randomRequestId(), sequence, delivery, now())).orElseThrow();

            assertThat(recorded.keySequence()).hasValue(1);
            assertThat(recorded.keyIdentifier()).as("unknown until the MEF assigns it").isEmpty();
            assertThat(store.findDevice(DEVICE).orElseThrow().keySequence()).isEqualTo(1);
            Enrolment read = store.findEnrolment(recorded.id()).orElseThrow();
            assertThat(read).isEqualTo(recorded);
            assertThat(read.keyDelivery()).hasValueSatisfying(d -> assertThat(d).containsExactly(1, 2, 3, 4));
            assertThat(read.keyIdentifier()).isEmpty();

            assertThat(store.recordIssuedEnrolment(IeeeAddress.parse("00000000000000AA"),
                    sequence -> { throw new AssertionError("not called for an unknown device"); })).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aRequestIdRecordedAlreadyGetsTheEarlierRecordAndDoesNotAdvanceTheKeySequence(DatabaseKind kind) {
        try (RegistryStore store = open(kind)) {
            RequestId requestId = randomRequestId();
            Enrolment first = store.recordIssuedEnrolment(DEVICE, sequence -> issued(requestId, sequence, new byte[] {1},
                    now())).orElseThrow();

            Enrolment answer = store.recordIssuedEnrolment(DEVICE, sequence -> issued(requestId, sequence, new byte[] {2},
                    now())).orElseThrow();

            assertThat(answer).isEqualTo(first);
            assertThat(store.allEnrolments()).containsExactly(first);
            assertThat(store.findDevice(DEVICE).orElseThrow().keySequence())
                    .as("rolled back with the refused record").isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aFailureWhileIssuingLeavesNeitherARecordNorAnAdvancedKeySequence(DatabaseKind kind) {
        try (RegistryStore store = open(kind)) {
            assertThatThrownBy(() -> store.recordIssuedEnrolment(DEVICE, sequence -> {
                throw new IllegalStateException("the forge failed");
            })).isInstanceOf(IllegalStateException.class).hasMessage("the forge failed");
            assertThatThrownBy(() -> store.recordIssuedEnrolment(DEVICE, sequence -> issued(randomRequestId(),
                    sequence + 1, new byte[] {1}, now()))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("with key sequence 1");

            assertThat(store.allEnrolments()).isEmpty();
            assertThat(store.findDevice(DEVICE).orElseThrow().keySequence()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void concurrentIssuesToOneDeviceGetDistinctKeySequenceNumbers(DatabaseKind kind) throws Exception {
        try (RegistryStore store = open(kind)) {
            int issues = 40;
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Enrolment>> results = new ArrayList<>();
            for (int i = 0; i < issues; i++) {
                results.add(pool.submit(() -> store.recordIssuedEnrolment(DEVICE,
                        sequence -> issued(randomRequestId(), sequence, new byte[] {7}, now())).orElseThrow()));
            }
            Set<Integer> sequences = new java.util.HashSet<>();
            for (Future<Enrolment> result : results) {
                sequences.add(result.get(60, TimeUnit.SECONDS).keySequence().getAsInt());
            }
            pool.shutdown();

            assertThat(sequences).hasSize(issues);
            assertThat(store.allEnrolments().stream().map(e -> e.keySequence().getAsInt()).collect(Collectors.toSet()))
                    .isEqualTo(sequences);
            assertThat(store.findDevice(DEVICE).orElseThrow().keySequence()).isEqualTo(issues);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void theKeyDeliveryOutlivesUpdatesOfStateAndKeyIdentifier(DatabaseKind kind) {
        try (RegistryStore store = open(kind)) {
            Enrolment recorded = store.recordIssuedEnrolment(DEVICE,
                    sequence -> issued(randomRequestId(), sequence, new byte[] {9, 9}, now())).orElseThrow();
            // As provisioning writes it: a record built without the KeyDelivery.
            Enrolment e = recorded;
            store.updateEnrolment(new Enrolment(e.id(), e.requestId(), e.device(), e.gateway(),
                    Optional.of("kid-1@mef.example.org"), e.frameCounter(), e.keySequence(), EnrolmentState.KEY_PROVISIONED,
                    Optional.empty(), e.responseFrame(), e.createdAt(), now()));
            Enrolment failed = store.setEnrolmentState(e.id(), EnrolmentState.FAILED, Optional.of("x")).orElseThrow();

            Enrolment read = store.findEnrolment(e.id()).orElseThrow();
            assertThat(read.keyDelivery()).hasValueSatisfying(d -> assertThat(d).containsExactly(9, 9));
            assertThat(read.keyIdentifier()).contains("kid-1@mef.example.org");
            assertThat(failed).isEqualTo(read);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void listsIssuedEnrolmentsWaitingSinceACutoffAndLetsOneClaimantWinEach(DatabaseKind kind) {
        try (RegistryStore store = open(kind)) {
            Instant old = now().minusSeconds(600);
            Enrolment waiting = store.recordIssuedEnrolment(DEVICE,
                    sequence -> issued(randomRequestId(), sequence, new byte[] {1}, old)).orElseThrow();
            Enrolment waitingLonger = store.recordIssuedEnrolment(DEVICE,
                    sequence -> issued(randomRequestId(), sequence, new byte[] {2}, old.minusSeconds(60))).orElseThrow();
            Enrolment recent = store.recordIssuedEnrolment(DEVICE,
                    sequence -> issued(randomRequestId(), sequence, new byte[] {3}, now())).orElseThrow();
            Enrolment provisioned = store.recordIssuedEnrolment(DEVICE,
                    sequence -> issued(randomRequestId(), sequence, new byte[] {4}, old)).orElseThrow();
            store.setEnrolmentState(provisioned.id(), EnrolmentState.KEY_PROVISIONED, Optional.empty());
            // Backdate the provisioned one again: only its state must keep it out.
            backdate(store, provisioned.id(), old);
            // Issued without a KeyDelivery (as by a key-forge before the outbox): nothing to send again.
            store.recordEnrolment(Enrolment.requested(randomRequestId(), DEVICE, GATEWAY, old)
                    .withKeyIssued("x@mef.example.org", 5, 5, new byte[] {5}, old));

            Instant cutoff = now().minusSeconds(300);
            assertThat(store.issuedEnrolmentsUnchangedSince(cutoff, 10)).containsExactly(waitingLonger, waiting);
            assertThat(store.issuedEnrolmentsUnchangedSince(cutoff, 1)).containsExactly(waitingLonger);

            Optional<Enrolment> claimed = store.claimForRedelivery(waiting);
            assertThat(claimed).hasValueSatisfying(c -> assertThat(c.updatedAt()).isAfter(waiting.updatedAt()));
            assertThat(store.claimForRedelivery(waiting)).as("a second claimant with the same snapshot").isEmpty();
            assertThat(store.findEnrolment(waiting.id())).isEqualTo(claimed);
            assertThat(store.issuedEnrolmentsUnchangedSince(cutoff, 10)).containsExactly(waitingLonger);

            store.setEnrolmentState(waitingLonger.id(), EnrolmentState.KEY_PROVISIONED, Optional.empty());
            assertThat(store.claimForRedelivery(waitingLonger)).as("provisioning moved it meanwhile").isEmpty();
            assertThat(store.issuedEnrolmentsUnchangedSince(cutoff, 10)).isEmpty();
            assertThat(store.issuedEnrolmentsUnchangedSince(now().plusSeconds(1), 10)).extracting(Enrolment::id)
                    .containsExactlyInAnyOrder(waiting.id(), recent.id());
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aRegistryAtTheFirstSchemaVersionMigratesWithItsEnrolmentsKept(DatabaseKind kind) throws Exception {
        DatabaseConfig config = TestDatabases.fresh(kind, directory);
        Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("classpath:" + RegistryStoreBuilder.MIGRATIONS).table("flyway_history_registry")
                .target("1").load().migrate();
        UUID id = UUID.randomUUID();
        Instant then = Instant.parse("2026-01-02T03:04:05.123456Z");
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
                PreparedStatement insert = c.prepareStatement("INSERT INTO enrolment (id, request_id, device_ieee,"
                        + " gateway_ieee, key_identifier, frame_counter, key_sequence, state, response_frame, created_at,"
                        + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'KEY_ISSUED', ?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setBytes(2, new byte[] {4, 2});
            insert.setString(3, DEVICE.toDisplayHex());
            insert.setString(4, GATEWAY.toDisplayHex());
            insert.setString(5, id + "@mef.example.org");
            insert.setLong(6, 77);
            insert.setInt(7, 3);
            insert.setBytes(8, new byte[] {0x08});
            insert.setObject(9, OffsetDateTime.ofInstant(then, ZoneOffset.UTC));
            insert.setObject(10, OffsetDateTime.ofInstant(then, ZoneOffset.UTC));
            insert.executeUpdate();
        }

        try (RegistryStore store = TestDatabases.newStore(config, TestDatabases.randomKek())) {
            Enrolment kept = store.findEnrolment(id).orElseThrow();
            assertThat(kept).isEqualTo(new Enrolment(id, RequestId.of(new byte[] {4, 2}), DEVICE, GATEWAY,
                    Optional.of(id + "@mef.example.org"), OptionalLong.of(77), OptionalInt.of(3), EnrolmentState.KEY_ISSUED,
                    Optional.empty(), Optional.of(new byte[] {0x08}), Optional.empty(), then, then));
            assertThat(store.issuedEnrolmentsUnchangedSince(now(), 10)).as("no KeyDelivery to send again").isEmpty();
        }
    }

    private static void backdate(RegistryStore store, UUID id, Instant when) {
        Enrolment e = store.findEnrolment(id).orElseThrow();
        store.updateEnrolment(new Enrolment(e.id(), e.requestId(), e.device(), e.gateway(), e.keyIdentifier(),
                e.frameCounter(), e.keySequence(), e.state(), e.reason(), e.responseFrame(), e.createdAt(), when));
    }

    private static RequestId randomRequestId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return RequestId.of(id);
    }
}
