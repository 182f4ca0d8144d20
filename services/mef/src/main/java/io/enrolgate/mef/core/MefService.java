package io.enrolgate.mef.core;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MEF's procedures (TS-0003 8.3.5.2) and their authorization rules, with no I/O of its own:
 * <ul>
 *   <li>MEF Key Registration only by a configured Source MEF Client;</li>
 *   <li>MEF Key Retrieval only by an authenticated client listed in targetIDs, before expirationTime;</li>
 *   <li>Update and De-Registration only by the Source MEF Client that registered the key.</li>
 * </ul>
 * Every attempt, allowed or not, leaves an audit record; expired registrations are refused and removed.
 */
public final class MefService {
    private static final Logger LOG = LoggerFactory.getLogger(MefService.class);

    private final KeyRegistrationStore store;
    private final AuditLog audit;
    private final MefPolicy policy;
    private final Clock clock;
    private final MefObserver observer;

    public MefService(KeyRegistrationStore store, AuditLog audit, MefPolicy policy, Clock clock,
            MefObserver observer) {
        this.store = store;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
        this.observer = observer;
    }

    /** MEF Key Registration: stores the key under a fresh RelativeKeyID and returns what was registered. */
    public KeyRegistration register(AuthenticatedClient client, KeyRegistrationRequest request) {
        MefProcedure procedure = MefProcedure.KEY_REGISTRATION;
        if (!client.sourceClient()) {
            throw fail(procedure, client, null, Outcome.REFUSED,
                    client.clientId() + " is not a configured Source MEF Client: it may not register keys");
        }
        Instant now = clock.instant();
        Instant expiration = grantedExpiration(procedure, client, null, request.expirationTime(), now);
        KeyRegistration registration = new KeyRegistration(RelativeKeyId.random(), request.suid(),
                request.keyValue(), client.clientId(), request.targetIds(), expiration, request.labels(), now);
        allow(procedure, client, registration.relativeKeyId());
        guarded(procedure, client, registration.relativeKeyId(), () -> store.insert(registration));
        completed(procedure);
        return registration;
    }

    /** MEF Key Retrieval: the registration, Key Value included, for a client listed in its targetIDs. */
    public KeyRegistration retrieve(AuthenticatedClient client, RelativeKeyId relativeKeyId) {
        MefProcedure procedure = MefProcedure.KEY_RETRIEVAL;
        KeyRegistration registration = findLive(procedure, client, relativeKeyId);
        if (!registration.isTarget(client.clientId())) {
            throw fail(procedure, client, relativeKeyId, Outcome.REFUSED,
                    client.clientId() + " is not in the targetIDs of key " + relativeKeyId);
        }
        allow(procedure, client, relativeKeyId);
        completed(procedure);
        return registration;
    }

    /** MEF Key Registration Update: new targetIDs, expirationTime and/or labels, by the registering client. */
    public KeyRegistration update(AuthenticatedClient client, RelativeKeyId relativeKeyId,
            KeyRegistrationUpdate update) {
        MefProcedure procedure = MefProcedure.KEY_REGISTRATION_UPDATE;
        KeyRegistration current = findLive(procedure, client, relativeKeyId);
        requireSource(procedure, client, current);
        Instant expiration = update.expirationTime().isPresent()
                ? grantedExpiration(procedure, client, relativeKeyId, update.expirationTime(), clock.instant())
                : current.expirationTime();
        KeyRegistration updated = current.withUpdatable(update.targetIds().orElse(current.targetIds()),
                expiration, update.labels().orElse(current.labels()));
        allow(procedure, client, relativeKeyId);
        boolean found = guarded(procedure, client, relativeKeyId, () -> store.update(updated));
        if (!found) {
            throw fail(procedure, client, relativeKeyId, Outcome.NOT_FOUND,
                    "no key registration " + relativeKeyId + " (removed meanwhile)");
        }
        completed(procedure);
        return updated;
    }

    /** MEF Key De-Registration, by the registering client; also allowed once the registration expired. */
    public void deregister(AuthenticatedClient client, RelativeKeyId relativeKeyId) {
        MefProcedure procedure = MefProcedure.KEY_DEREGISTRATION;
        KeyRegistration current = guarded(procedure, client, relativeKeyId, () -> store.find(relativeKeyId))
                .orElseThrow(() -> fail(procedure, client, relativeKeyId, Outcome.NOT_FOUND,
                        "no key registration " + relativeKeyId));
        requireSource(procedure, client, current);
        allow(procedure, client, relativeKeyId);
        if (!guarded(procedure, client, relativeKeyId, () -> store.delete(relativeKeyId))) {
            throw fail(procedure, client, relativeKeyId, Outcome.NOT_FOUND,
                    "no key registration " + relativeKeyId + " (removed meanwhile)");
        }
        completed(procedure);
    }

    /** Removes every expired registration, each with an audit record; returns how many. */
    public int removeExpired() {
        List<RelativeKeyId> removed = store.deleteExpired(clock.instant());
        for (RelativeKeyId id : removed) {
            writeAudit(new AuditRecord(clock.instant(), MefProcedure.EXPIRY_REMOVAL, AuditRecord.MEF_ACTOR,
                    id.value(), Outcome.ALLOWED, "expirationTime reached"));
            observer.procedureCompleted(MefProcedure.EXPIRY_REMOVAL, Outcome.ALLOWED);
        }
        return removed.size();
    }

    /**
     * Records a request the protocol layer could not turn into a procedure call (malformed body, bad
     * RelativeKeyID), so that invalid attempts are audited like the others.
     */
    public MefProcedureException rejectInvalid(MefProcedure procedure, AuthenticatedClient client,
            String relativeKeyId, String reason) {
        return fail(procedure, client, relativeKeyId, Outcome.INVALID, reason);
    }

    private KeyRegistration findLive(MefProcedure procedure, AuthenticatedClient client, RelativeKeyId id) {
        KeyRegistration registration = guarded(procedure, client, id, () -> store.find(id))
                .orElseThrow(() -> fail(procedure, client, id, Outcome.NOT_FOUND, "no key registration " + id));
        if (registration.isExpiredAt(clock.instant())) {
            // Refused whoever asks; the reaper removes it (and audits that) on its next run.
            throw fail(procedure, client, id, Outcome.EXPIRED,
                    "key registration " + id + " expired at " + registration.expirationTime());
        }
        return registration;
    }

    private void requireSource(MefProcedure procedure, AuthenticatedClient client, KeyRegistration registration) {
        if (!registration.sourceClientId().equals(client.clientId())) {
            throw fail(procedure, client, registration.relativeKeyId(), Outcome.REFUSED, client.clientId()
                    + " is not the Source MEF Client of key " + registration.relativeKeyId());
        }
    }

    private Instant grantedExpiration(MefProcedure procedure, AuthenticatedClient client, RelativeKeyId id,
            Optional<Instant> requested, Instant now) {
        Instant latest = now.plus(policy.maxLifetime());
        Instant expiration = requested.orElse(now.plus(policy.defaultLifetime()));
        if (!expiration.isAfter(now)) {
            throw fail(procedure, client, id, Outcome.INVALID,
                    "expirationTime " + expiration + " is not in the future (now " + now + ")");
        }
        return expiration.isAfter(latest) ? latest : expiration;
    }

    private <T> T guarded(MefProcedure procedure, AuthenticatedClient client, RelativeKeyId id,
            Supplier<T> storeCall) {
        try {
            return storeCall.get();
        } catch (KeyRegistrationStore.StoreException e) {
            LOG.error("{} by {} on {}: storage failed", procedure.label(), client, id, e);
            throw fail(procedure, client, id, Outcome.ERROR, "the MEF could not reach its storage; retry later");
        }
    }

    private void guarded(MefProcedure procedure, AuthenticatedClient client, RelativeKeyId id, Runnable call) {
        guarded(procedure, client, id, () -> {
            call.run();
            return null;
        });
    }

    /**
     * Audits an allowed procedure before it acts: a key is never released, stored or removed without its
     * audit record, so an audit log that cannot be written stops the procedure.
     */
    private void allow(MefProcedure procedure, AuthenticatedClient client, RelativeKeyId id) {
        try {
            audit.record(new AuditRecord(clock.instant(), procedure, client.clientId().value(), id.value(),
                    Outcome.ALLOWED, null));
        } catch (RuntimeException e) {
            LOG.error("{} by {} on {}: audit record could not be written, procedure stopped", procedure.label(),
                    client, id, e);
            observer.procedureCompleted(procedure, Outcome.ERROR);
            throw new MefProcedureException(Outcome.ERROR, "the MEF could not write its audit log; retry later");
        }
        LOG.info("{} by {} on {}: allowed", procedure.label(), client, id);
    }

    private void completed(MefProcedure procedure) {
        observer.procedureCompleted(procedure, Outcome.ALLOWED);
    }

    private MefProcedureException fail(MefProcedure procedure, AuthenticatedClient client, Object id,
            Outcome outcome, String reason) {
        writeAudit(new AuditRecord(clock.instant(), procedure, client.clientId().value(),
                id == null ? null : Printable.of(id.toString(), 64), outcome, reason));
        observer.procedureCompleted(procedure, outcome);
        LOG.info("{} by {} on {}: {} ({})", procedure.label(), client, id == null ? "-" : Printable.of(
                id.toString(), 64), outcome.label(), reason);
        return new MefProcedureException(outcome, reason);
    }

    private void writeAudit(AuditRecord record) {
        try {
            audit.record(record);
        } catch (RuntimeException e) {
            // The refusal stands either way; a lost audit record is loud in the log.
            LOG.error("audit record lost: {}", record, e);
        }
    }
}
