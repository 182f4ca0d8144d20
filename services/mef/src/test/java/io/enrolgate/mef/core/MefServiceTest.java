package io.enrolgate.mef.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.mef.MutableClock;
import io.enrolgate.mef.store.memory.InMemoryAuditLog;
import io.enrolgate.mef.store.memory.InMemoryKeyRegistrationStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The procedure rules that the end-to-end scenarios do not reach: failures of the MEF's own storage. */
class MefServiceTest {
    private static final AuthenticatedClient SOURCE = new AuthenticatedClient("kpm-s", new OneM2mId("CSource"), true);
    private static final AuthenticatedClient TARGET = new AuthenticatedClient("kpm-t", new OneM2mId("CTarget"), false);

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final InMemoryKeyRegistrationStore store = new InMemoryKeyRegistrationStore();
    private final List<String> outcomes = new ArrayList<>();

    private MefService service(AuditLog audit) {
        return new MefService(store, audit, new MefPolicy(Duration.ofDays(1), Duration.ofDays(10)), clock,
                (procedure, outcome) -> outcomes.add(procedure.label() + ":" + outcome.label()));
    }

    private static KeyRegistrationRequest request(Optional<Instant> expiration) {
        return new KeyRegistrationRequest(Suid.END_TO_END_DATA, List.of(TARGET.clientId()),
                MefKeyValue.of(new byte[32]), expiration, List.of());
    }

    @Test
    void aKeyIsNotReleasedWhenItsRetrievalCannotBeAudited() {
        FailingAuditLog audit = new FailingAuditLog();
        MefService service = service(audit);
        KeyRegistration registration = service.register(SOURCE, request(Optional.empty()));
        audit.failing = true;

        assertThatThrownBy(() -> service.retrieve(TARGET, registration.relativeKeyId()))
                .isInstanceOf(MefProcedureException.class)
                .satisfies(e -> assertThat(((MefProcedureException) e).outcome()).isEqualTo(Outcome.ERROR))
                .hasMessageContaining("audit");
        assertThat(outcomes).endsWith("key_retrieval:error");
    }

    @Test
    void aStorageFailureIsAnErrorOutcomeNotACrash() {
        InMemoryAuditLog audit = new InMemoryAuditLog();
        MefService service = new MefService(new BrokenStore(), audit, MefPolicy.DEFAULT, clock, MefObserver.NONE);

        assertThatThrownBy(() -> service.retrieve(TARGET, RelativeKeyId.random()))
                .isInstanceOf(MefProcedureException.class)
                .hasMessageContaining("storage")
                .satisfies(e -> assertThat(((MefProcedureException) e).outcome()).isEqualTo(Outcome.ERROR));
        assertThat(audit.all()).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.ERROR));
    }

    @Test
    void aLifetimeLongerThanTheMaximumIsShortened() {
        MefService service = service(new InMemoryAuditLog());

        KeyRegistration registration = service.register(SOURCE,
                request(Optional.of(clock.instant().plus(Duration.ofDays(400)))));

        assertThat(registration.expirationTime()).isEqualTo(clock.instant().plus(Duration.ofDays(10)));
    }

    @Test
    void anExpiredRegistrationCannotBeRevivedByAnUpdate() {
        MefService service = service(new InMemoryAuditLog());
        KeyRegistration registration = service.register(SOURCE, request(Optional.empty()));
        clock.advance(Duration.ofDays(2));
        KeyRegistrationUpdate extend = new KeyRegistrationUpdate(Optional.empty(),
                Optional.of(clock.instant().plus(Duration.ofDays(1))), Optional.empty());

        assertThatThrownBy(() -> service.update(SOURCE, registration.relativeKeyId(), extend))
                .satisfies(e -> assertThat(((MefProcedureException) e).outcome()).isEqualTo(Outcome.EXPIRED));
    }

    @Test
    void theReaperRemovesOnlyExpiredRegistrationsAndAuditsEach() {
        InMemoryAuditLog audit = new InMemoryAuditLog();
        MefService service = service(audit);
        KeyRegistration shortLived = service.register(SOURCE, request(Optional.of(clock.instant().plusSeconds(60))));
        KeyRegistration longLived = service.register(SOURCE, request(Optional.empty()));
        clock.advance(Duration.ofMinutes(2));

        assertThat(service.removeExpired()).isEqualTo(1);

        assertThat(store.find(shortLived.relativeKeyId())).isEmpty();
        assertThat(store.find(longLived.relativeKeyId())).isPresent();
        assertThat(audit.recordsFor(shortLived.relativeKeyId())).last()
                .satisfies(r -> {
                    assertThat(r.procedure()).isEqualTo(MefProcedure.EXPIRY_REMOVAL);
                    assertThat(r.actor()).isEqualTo(AuditRecord.MEF_ACTOR);
                });
    }

    @Test
    void invalidRequestsAreAuditedToo() {
        InMemoryAuditLog audit = new InMemoryAuditLog();

        MefProcedureException e = service(audit).rejectInvalid(MefProcedure.KEY_RETRIEVAL, TARGET, "bogus", "bad id");

        assertThat(e.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(audit.all()).singleElement().satisfies(r -> {
            assertThat(r.relativeKeyId()).isEqualTo("bogus");
            assertThat(r.detail()).isEqualTo("bad id");
        });
    }

    private static final class FailingAuditLog implements AuditLog {
        private final InMemoryAuditLog delegate = new InMemoryAuditLog();
        private boolean failing;

        @Override
        public void record(AuditRecord record) {
            if (failing) {
                throw new KeyRegistrationStore.StoreException("audit table unavailable", null);
            }
            delegate.record(record);
        }

        @Override
        public List<AuditRecord> recordsFor(RelativeKeyId relativeKeyId) {
            return delegate.recordsFor(relativeKeyId);
        }
    }

    private static final class BrokenStore implements KeyRegistrationStore {
        private static StoreException down() {
            return new StoreException("database down", null);
        }

        @Override
        public void insert(KeyRegistration registration) {
            throw down();
        }

        @Override
        public Optional<KeyRegistration> find(RelativeKeyId relativeKeyId) {
            throw down();
        }

        @Override
        public boolean update(KeyRegistration registration) {
            throw down();
        }

        @Override
        public boolean delete(RelativeKeyId relativeKeyId) {
            throw down();
        }

        @Override
        public List<RelativeKeyId> deleteExpired(Instant now) {
            throw down();
        }

        @Override
        public boolean isReady() {
            return false;
        }
    }
}
