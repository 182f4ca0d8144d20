package io.enrolgate.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.common.storage.DatabaseKind;
import io.enrolgate.registry.TestDatabases;
import io.enrolgate.registry.enrolment.Enrolment;
import io.enrolgate.registry.enrolment.EnrolmentState;
import io.enrolgate.registry.enrolment.RequestId;
import io.enrolgate.zigbee.IeeeAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Enrolment records, on each real database. */
class RegistryStoreEnrolmentTest {
    private static final IeeeAddress DEVICE = IeeeAddress.parse("000D6F000A0B0C0D");
    private static final IeeeAddress GATEWAY = IeeeAddress.parse("F4CE36000000AB01");
    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");

    @TempDir
    Path directory;

    private RegistryStore open(DatabaseKind kind) {
        return TestDatabases.newStore(TestDatabases.fresh(kind, directory), TestDatabases.randomKek());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aRepeatedRequestGetsTheFirstRecordAndItsResponseBack(DatabaseKind kind) {
        try (RegistryStore store = open(kind)) {
            RequestId requestId = randomRequestId();
            Enrolment first = Enrolment.requested(requestId, DEVICE, GATEWAY, T0)
                    .withKeyIssued("k1@mef.example.org", 1000, 1, new byte[] {1, 2, 3}, T0.plusSeconds(1));
            assertThat(store.recordEnrolment(first)).isEqualTo(first);

            Enrolment retry = Enrolment.requested(requestId, DEVICE, GATEWAY, T0.plusSeconds(5))
                    .withKeyIssued("k2@mef.example.org", 1001, 2, new byte[] {9}, T0.plusSeconds(6));
            Enrolment answer = store.recordEnrolment(retry);

            assertThat(answer).isEqualTo(first);
            assertThat(answer.responseFrame()).hasValueSatisfying(frame -> assertThat(frame).containsExactly(1, 2, 3));
            assertThat(store.allEnrolments()).containsExactly(first);
            assertThat(store.findEnrolmentByRequestId(requestId)).contains(first);
            assertThat(store.findEnrolment(first.id())).contains(first);
            assertThat(store.findEnrolment(retry.id())).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void recordsEveryFieldAndFollowsTheStates(DatabaseKind kind) {
        try (RegistryStore store = open(kind)) {
            Enrolment requested = store.recordEnrolment(Enrolment.requested(randomRequestId(), DEVICE, GATEWAY, T0));
            assertThat(store.findEnrolment(requested.id())).contains(requested);
            assertThat(requested.frameCounter()).isEmpty();

            Enrolment issued = store.updateEnrolment(requested.withKeyIssued("abc@mef.example.org",
                    4_294_967_295L, 255, new byte[] {0x7E, 0x00}, T0.plusMillis(3)));
            assertThat(store.findEnrolment(requested.id())).contains(issued);

            Enrolment provisioned = store.setEnrolmentState(requested.id(), EnrolmentState.KEY_PROVISIONED,
                    Optional.empty()).orElseThrow();
            assertThat(provisioned.state()).isEqualTo(EnrolmentState.KEY_PROVISIONED);
            assertThat(provisioned.frameCounter()).hasValue(4_294_967_295L);
            assertThat(provisioned.keyIdentifier()).contains("abc@mef.example.org");
            assertThat(provisioned.updatedAt()).isAfterOrEqualTo(issued.updatedAt().truncatedTo(ChronoUnit.SECONDS));
            assertThat(store.findEnrolment(requested.id())).contains(provisioned);

            assertThat(store.setEnrolmentState(UUID.randomUUID(), EnrolmentState.FAILED, Optional.of("x"))).isEmpty();
            assertThatThrownBy(() -> store.updateEnrolment(Enrolment.requested(randomRequestId(), DEVICE, GATEWAY, T0)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not recorded");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void keepsRejectionsOfUnknownDevicesAndListsByDevice(DatabaseKind kind) {
        try (RegistryStore store = open(kind)) {
            IeeeAddress stranger = IeeeAddress.parse("0000000000000BAD");
            Enrolment rejected = store.recordEnrolment(Enrolment.requested(randomRequestId(), stranger, GATEWAY, T0)
                    .withRejection("UNKNOWN_DEVICE", new byte[] {5}, T0));
            Enrolment mine = store.recordEnrolment(Enrolment.requested(randomRequestId(), DEVICE, GATEWAY,
                    T0.plusSeconds(1)));

            assertThat(store.enrolmentsOf(stranger)).containsExactly(rejected);
            assertThat(store.enrolmentsOf(DEVICE)).containsExactly(mine);
            assertThat(store.allEnrolments()).containsExactly(rejected, mine);
            assertThat(rejected.reason()).contains("UNKNOWN_DEVICE");
        }
    }

    private static RequestId randomRequestId() {
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        return RequestId.of(id);
    }
}
