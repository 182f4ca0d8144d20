package io.enrolgate.mef.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of MEF Key Registrations. Implementations keep Key Values encrypted at rest and must be
 * safe for concurrent use; failures surface as {@link StoreException}.
 */
public interface KeyRegistrationStore {
    /** Adds a new registration; its RelativeKeyID is fresh. */
    void insert(KeyRegistration registration);

    Optional<KeyRegistration> find(RelativeKeyId relativeKeyId);

    /** Replaces targetIDs, expirationTime and labels; false when the registration no longer exists. */
    boolean update(KeyRegistration registration);

    /** False when there was nothing to delete. */
    boolean delete(RelativeKeyId relativeKeyId);

    /** Deletes every registration whose expirationTime is at or before {@code now}; returns their IDs. */
    List<RelativeKeyId> deleteExpired(Instant now);

    /** Whether the store can serve requests now (for the readiness probe). */
    boolean isReady();

    /** A storage failure. Its message never contains a Key Value. */
    final class StoreException extends RuntimeException {
        public StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
