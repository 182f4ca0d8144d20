package io.enrolgate.provisioning.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.provisioning.core.LeaseLostException;
import io.enrolgate.provisioning.core.WorkItem;
import io.enrolgate.provisioning.core.WorkState;
import io.enrolgate.zigbee.IeeeAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The durable work, the same on both databases: idempotent intake, exclusive leases, due work, state changes. */
abstract class WorkStoreContract {
    private static final IeeeAddress DEVICE = IeeeAddress.parse("000D6F000A0B0C0D");
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    abstract JdbcWorkStore store();

    private WorkItem received(Instant at) {
        return WorkItem.received(UUID.randomUUID(), DEVICE, 4, new byte[] {10, 20, 30}, at);
    }

    @Test
    void storesADeliveryOnceByEnrolmentId() {
        WorkItem item = received(T0);
        assertThat(store().insertIfAbsent(item)).isTrue();
        assertThat(store().insertIfAbsent(WorkItem.received(item.enrolmentId(), DEVICE, 9, new byte[] {1}, T0)))
                .isFalse();
        WorkItem stored = store().find(item.enrolmentId()).orElseThrow();
        assertThat(stored.delivery()).containsExactly(10, 20, 30);
        assertThat(stored.keySequence()).isEqualTo(4);
        assertThat(stored.state()).isEqualTo(WorkState.RECEIVED);
        assertThat(stored.nextAttemptAt()).isEqualTo(T0);
    }

    @Test
    void oneOfManyConcurrentClaimsWins() throws Exception {
        WorkItem item = received(T0);
        store().insertIfAbsent(item);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<WorkItem>>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String owner = "replica-" + i;
                Callable<Optional<WorkItem>> claim = () -> store().claim(item.enrolmentId(), owner, T0, LEASE);
                claims.add(pool.submit(claim));
            }
            int won = 0;
            for (Future<Optional<WorkItem>> claim : claims) {
                won += claim.get().isPresent() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLeaseIsKeptRenewedReleasedOrLost() {
        WorkItem item = received(T0);
        store().insertIfAbsent(item);
        WorkItem claimed = store().claim(item.enrolmentId(), "a", T0, LEASE).orElseThrow();
        assertThat(store().due(T0, 10)).isEmpty();

        // Progress renews the lease: still nobody else's.
        WorkItem next = claimed.advancedTo(WorkState.MEF_PROVISIONAL, Optional.of("k@mef"), T0.plusSeconds(20));
        store().save(next, "a", T0.plusSeconds(20), LEASE);
        assertThat(store().claim(item.enrolmentId(), "b", T0.plusSeconds(40), LEASE)).isEmpty();

        // A retry releases it until it is due.
        WorkItem retry = next.retryAt(T0.plusSeconds(60), "MEF down", T0.plusSeconds(21));
        store().save(retry, "a", T0.plusSeconds(21), LEASE);
        assertThat(store().due(T0.plusSeconds(59), 10)).isEmpty();
        assertThat(store().due(T0.plusSeconds(60), 10)).containsExactly(item.enrolmentId());

        // b takes it; a's late write is refused.
        WorkItem taken = store().claim(item.enrolmentId(), "b", T0.plusSeconds(60), LEASE).orElseThrow();
        assertThat(taken.attempts()).isEqualTo(1);
        assertThat(taken.lastError()).contains("MEF down");
        assertThatThrownBy(() -> store().save(retry.advancedTo(WorkState.MEF_REGISTERED, retry.keyIdentifier(),
                T0.plusSeconds(61)), "a", T0.plusSeconds(61), LEASE)).isInstanceOf(LeaseLostException.class);

        // b restarts: its leases come back at once.
        assertThat(store().releaseLeasesOf("b")).isEqualTo(1);
        assertThat(store().claim(item.enrolmentId(), "b", T0.plusSeconds(62), LEASE)).isPresent();
    }

    @Test
    void finishedWorkIsNeverDueAgain() {
        WorkItem item = received(T0);
        store().insertIfAbsent(item);
        WorkItem claimed = store().claim(item.enrolmentId(), "a", T0, LEASE).orElseThrow();
        store().save(claimed.advancedTo(WorkState.PROVISIONED, Optional.of("k@mef"), T0), "a", T0, LEASE);
        assertThat(store().due(T0.plusSeconds(3600), 10)).doesNotContain(item.enrolmentId());
        assertThat(store().claim(item.enrolmentId(), "a", T0.plusSeconds(3600), LEASE)).isEmpty();
        assertThat(store().countByState()).containsEntry(WorkState.PROVISIONED, 1);
    }

    @Test
    void dueWorkComesMostOverdueFirst() {
        WorkItem late = received(T0.plusSeconds(5));
        WorkItem early = received(T0);
        store().insertIfAbsent(late);
        store().insertIfAbsent(early);
        List<UUID> due = store().due(T0.plusSeconds(10), 10);
        assertThat(due.indexOf(early.enrolmentId())).isLessThan(due.indexOf(late.enrolmentId()));
        assertThat(store().isReachable()).isTrue();
    }
}
