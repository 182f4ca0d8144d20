package io.enrolgate.mef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.mef.client.MefClientException;
import io.enrolgate.mef.client.MefClientException.Kind;
import io.enrolgate.mef.core.AuditLog;
import io.enrolgate.mef.core.AuditRecord;
import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.mef.core.KeyRegistrationRequest;
import io.enrolgate.mef.core.KeyRegistrationStore;
import io.enrolgate.mef.core.KeyRegistrationUpdate;
import io.enrolgate.mef.core.MefKeyValue;
import io.enrolgate.mef.core.MefProcedure;
import io.enrolgate.mef.core.OneM2mId;
import io.enrolgate.mef.core.Outcome;
import io.enrolgate.mef.core.RelativeKeyId;
import io.enrolgate.mef.core.Suid;
import io.enrolgate.mef.protocol.KeyRegistrationReceipt;
import io.enrolgate.mef.protocol.RetrievedKey;
import io.enrolgate.mef.tls.PreSharedKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MEF's acceptance scenarios (issue 6), over real TLS-PSK connections on 127.0.0.1, run once per
 * storage: each subclass says which store and audit log the MEF uses.
 */
public abstract class MefScenarios {
    protected TestMef mef;
    protected KeyRegistrationStore store;
    protected AuditLog audit;

    protected abstract KeyRegistrationStore newStore() throws Exception;

    protected abstract AuditLog newAuditLog() throws Exception;

    @BeforeEach
    void startMef() throws Exception {
        store = newStore();
        audit = newAuditLog();
        mef = new TestMef(store, audit);
    }

    @AfterEach
    void stopMef() {
        mef.close();
    }

    protected static MefKeyValue randomKey() {
        byte[] bytes = new byte[MefKeyValue.LENGTH];
        new SecureRandom().nextBytes(bytes);
        return MefKeyValue.of(bytes);
    }

    protected KeyRegistrationReceipt register(MefKeyValue key, OneM2mId... targets) throws MefClientException {
        return mef.source().register(new KeyRegistrationRequest(Suid.END_TO_END_DATA, List.of(targets), key,
                Optional.of(mef.clock.instant().plus(Duration.ofDays(30))), List.of("ieee:000D6F000A0B0C0D")));
    }

    private static MefClientException failure(ThrowingCallable call) {
        try {
            call.call();
        } catch (MefClientException e) {
            return e;
        } catch (Throwable e) {
            throw new AssertionError("expected MefClientException, got " + e, e);
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void aTargetRetrievesTheKeyTheSourceRegistered() throws Exception {
        MefKeyValue key = randomKey();
        KeyRegistrationReceipt receipt = register(key, TestMef.APP_A_ID);

        assertThat(receipt.keyId().mefFqdn()).isEqualTo(TestMef.FQDN);
        assertThat(receipt.sourceMefClientId()).isEqualTo(TestMef.SOURCE_ID);
        assertThat(receipt.targetIds()).containsExactly(TestMef.APP_A_ID);
        assertThat(receipt.expirationTime()).isEqualTo(mef.clock.instant().plus(Duration.ofDays(30)));

        RetrievedKey retrieved = mef.appA().retrieve(receipt.keyId());

        assertThat(retrieved.keyValue()).isEqualTo(key);
        assertThat(retrieved.suid()).isEqualTo(Suid.END_TO_END_DATA);
        assertThat(retrieved.sourceMefClientId()).isEqualTo(TestMef.SOURCE_ID);
        assertThat(retrieved.expirationTime()).isEqualTo(receipt.expirationTime());
        assertThat(audit.recordsFor(receipt.keyId().relativeKeyId()))
                .extracting(AuditRecord::procedure, AuditRecord::actor, AuditRecord::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(MefProcedure.KEY_REGISTRATION, "CEnrolgateProvisioning",
                                Outcome.ALLOWED),
                        org.assertj.core.groups.Tuple.tuple(MefProcedure.KEY_RETRIEVAL, "CAppA", Outcome.ALLOWED));
    }

    @Test
    void aWrongPskFailsTheHandshake() throws Exception {
        KeyRegistrationReceipt receipt = register(randomKey(), TestMef.APP_A_ID);
        PreSharedKey wrong = PreSharedKey.fromHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeff");

        MefClientException error = failure(() -> mef.client("app-a", wrong, TestMef.FQDN).retrieve(receipt.keyId()));

        assertThat(error.kind()).isEqualTo(Kind.HANDSHAKE_FAILED);
        assertThat(error.getMessage()).contains("PSK");
        assertThat(mef.awaitHandshakeFailure()).isIn("bad_record_mac", "decrypt_error");
        assertThat(audit.recordsFor(receipt.keyId().relativeKeyId()))
                .noneMatch(r -> r.procedure() == MefProcedure.KEY_RETRIEVAL);
    }

    @Test
    void anUnknownPskIdentityFailsTheHandshake() throws Exception {
        KeyRegistrationReceipt receipt = register(randomKey(), TestMef.APP_A_ID);

        MefClientException error = failure(() -> mef.client("stranger", TestMef.APP_A_PSK, TestMef.FQDN)
                .retrieve(receipt.keyId()));

        assertThat(error.kind()).isEqualTo(Kind.HANDSHAKE_FAILED);
        assertThat(mef.awaitHandshakeFailure()).isEqualTo("unknown_psk_identity");
    }

    @Test
    void aClientThatNamesAnotherMefInSniFailsTheHandshake() throws Exception {
        RelativeKeyId id = RelativeKeyId.random();
        KeyIdentifier elsewhere = new KeyIdentifier(id, "other-mef.example");

        MefClientException error = failure(() -> mef.client("app-a", TestMef.APP_A_PSK, "other-mef.example")
                .retrieve(elsewhere));

        assertThat(error.kind()).isEqualTo(Kind.HANDSHAKE_FAILED);
        assertThat(error.getMessage()).contains("other-mef.example");
        assertThat(mef.awaitHandshakeFailure()).isEqualTo("unrecognized_name");
    }

    @Test
    void anIdentityNotInTargetIdsIsRefusedAndAudited() throws Exception {
        KeyRegistrationReceipt receipt = register(randomKey(), TestMef.APP_A_ID);

        MefClientException error = failure(() -> mef.appB().retrieve(receipt.keyId()));

        assertThat(error.kind()).isEqualTo(Kind.REFUSED);
        assertThat(error.getMessage()).contains("CAppB").contains("targetIDs");
        assertThat(audit.recordsFor(receipt.keyId().relativeKeyId()))
                .filteredOn(r -> r.procedure() == MefProcedure.KEY_RETRIEVAL)
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.actor()).isEqualTo("CAppB");
                    assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
                    assertThat(r.time()).isEqualTo(mef.clock.instant());
                });
    }

    @Test
    void theSourceItselfCannotRetrieveUnlessItIsATarget() throws Exception {
        KeyRegistrationReceipt receipt = register(randomKey(), TestMef.APP_A_ID);

        assertThat(failure(() -> mef.source().retrieve(receipt.keyId())).kind()).isEqualTo(Kind.REFUSED);
    }

    @Test
    void anExpiredRegistrationIsRefusedThenReaped() throws Exception {
        KeyRegistrationReceipt receipt = register(randomKey(), TestMef.APP_A_ID);
        mef.clock.advance(Duration.ofDays(30));

        MefClientException error = failure(() -> mef.appA().retrieve(receipt.keyId()));

        assertThat(error.kind()).isEqualTo(Kind.EXPIRED);
        assertThat(error.getMessage()).contains("expired");
        assertThat(mef.service.removeExpired()).isEqualTo(1);
        assertThat(failure(() -> mef.appA().retrieve(receipt.keyId())).kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(audit.recordsFor(receipt.keyId().relativeKeyId()))
                .extracting(AuditRecord::procedure, AuditRecord::outcome)
                .contains(org.assertj.core.groups.Tuple.tuple(MefProcedure.KEY_RETRIEVAL, Outcome.EXPIRED),
                        org.assertj.core.groups.Tuple.tuple(MefProcedure.EXPIRY_REMOVAL, Outcome.ALLOWED));
    }

    @Test
    void anUnknownKeyIdIsNotFound() {
        KeyIdentifier unknown = new KeyIdentifier(RelativeKeyId.random(), TestMef.FQDN);

        MefClientException error = failure(() -> mef.appA().retrieve(unknown));

        assertThat(error.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(audit.recordsFor(unknown.relativeKeyId())).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.NOT_FOUND));
    }

    @Test
    void anUpdateAddsATargetWhoCanThenRetrieve() throws Exception {
        MefKeyValue key = randomKey();
        KeyRegistrationReceipt receipt = register(key, TestMef.APP_A_ID);
        assertThat(failure(() -> mef.appB().retrieve(receipt.keyId())).kind()).isEqualTo(Kind.REFUSED);

        KeyRegistrationReceipt updated = mef.source().update(receipt.keyId(), new KeyRegistrationUpdate(
                Optional.of(List.of(TestMef.APP_A_ID, TestMef.APP_B_ID)), Optional.empty(),
                Optional.of(List.of("updated"))));

        assertThat(updated.targetIds()).containsExactly(TestMef.APP_A_ID, TestMef.APP_B_ID);
        assertThat(updated.labels()).containsExactly("updated");
        assertThat(updated.expirationTime()).isEqualTo(receipt.expirationTime());
        assertThat(mef.appB().retrieve(receipt.keyId()).keyValue()).isEqualTo(key);
    }

    @Test
    void anUpdateCanExtendTheExpirationTime() throws Exception {
        KeyRegistrationReceipt receipt = register(randomKey(), TestMef.APP_A_ID);
        Instant later = receipt.expirationTime().plus(Duration.ofDays(10));

        mef.source().update(receipt.keyId(), new KeyRegistrationUpdate(Optional.empty(), Optional.of(later),
                Optional.empty()));
        mef.clock.advance(Duration.ofDays(35));

        assertThat(mef.appA().retrieve(receipt.keyId()).expirationTime()).isEqualTo(later);
    }

    @Test
    void onlyTheRegisteringSourceMayUpdateOrDeregister() throws Exception {
        KeyRegistrationReceipt receipt = register(randomKey(), TestMef.APP_A_ID);
        KeyRegistrationUpdate addB = new KeyRegistrationUpdate(Optional.of(List.of(TestMef.APP_B_ID)),
                Optional.empty(), Optional.empty());

        assertThat(failure(() -> mef.appA().update(receipt.keyId(), addB)).kind()).isEqualTo(Kind.REFUSED);
        assertThat(failure(() -> mef.appA().deregister(receipt.keyId())).kind()).isEqualTo(Kind.REFUSED);
        assertThat(mef.appA().retrieve(receipt.keyId())).isNotNull();
    }

    @Test
    void onlyConfiguredSourceClientsMayRegister() {
        MefClientException error = failure(() -> mef.appA().register(new KeyRegistrationRequest(
                Suid.END_TO_END_DATA, List.of(TestMef.APP_A_ID), randomKey(), Optional.empty(), List.of())));

        assertThat(error.kind()).isEqualTo(Kind.REFUSED);
        assertThat(error.getMessage()).contains("Source MEF Client");
    }

    @Test
    void deRegistrationRemovesTheKey() throws Exception {
        KeyRegistrationReceipt receipt = register(randomKey(), TestMef.APP_A_ID);

        mef.source().deregister(receipt.keyId());

        assertThat(failure(() -> mef.appA().retrieve(receipt.keyId())).kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(store.find(receipt.keyId().relativeKeyId())).isEmpty();
        assertThat(failure(() -> mef.source().deregister(receipt.keyId())).kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(audit.recordsFor(receipt.keyId().relativeKeyId()))
                .extracting(AuditRecord::procedure, AuditRecord::outcome)
                .contains(org.assertj.core.groups.Tuple.tuple(MefProcedure.KEY_DEREGISTRATION, Outcome.ALLOWED));
    }

    @Test
    void aRegistrationWithoutExpirationTimeGetsTheDefaultLifetime() throws Exception {
        KeyRegistrationReceipt receipt = mef.source().register(new KeyRegistrationRequest(Suid.END_TO_END_DATA,
                List.of(TestMef.APP_A_ID), randomKey(), Optional.empty(), List.of()));

        assertThat(receipt.expirationTime()).isEqualTo(mef.clock.instant().plus(Duration.ofDays(365)));
    }

    @Test
    void aRegistrationThatExpiresInThePastIsInvalid() {
        MefClientException error = failure(() -> mef.source().register(new KeyRegistrationRequest(
                Suid.END_TO_END_DATA, List.of(TestMef.APP_A_ID), randomKey(),
                Optional.of(mef.clock.instant().minusSeconds(1)), List.of())));

        assertThat(error.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(error.getMessage()).contains("expirationTime").contains("not in the future");
    }
}
