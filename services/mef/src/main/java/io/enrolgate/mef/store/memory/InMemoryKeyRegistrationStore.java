package io.enrolgate.mef.store.memory;

import io.enrolgate.mef.core.KeyRegistration;
import io.enrolgate.mef.core.KeyRegistrationStore;
import io.enrolgate.mef.core.RelativeKeyId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registrations in process memory: for unit tests and throw-away demos only. Nothing is at rest, so
 * nothing is encrypted; a restart forgets every key.
 */
public final class InMemoryKeyRegistrationStore implements KeyRegistrationStore {
    private final Map<RelativeKeyId, KeyRegistration> registrations = new ConcurrentHashMap<>();

    @Override
    public void insert(KeyRegistration registration) {
        if (registrations.putIfAbsent(registration.relativeKeyId(), registration) != null) {
            throw new IllegalStateException("RelativeKeyID " + registration.relativeKeyId() + " already exists");
        }
    }

    @Override
    public Optional<KeyRegistration> find(RelativeKeyId relativeKeyId) {
        return Optional.ofNullable(registrations.get(relativeKeyId));
    }

    @Override
    public boolean update(KeyRegistration registration) {
        return registrations.replace(registration.relativeKeyId(), registration) != null;
    }

    @Override
    public boolean delete(RelativeKeyId relativeKeyId) {
        return registrations.remove(relativeKeyId) != null;
    }

    @Override
    public List<RelativeKeyId> deleteExpired(Instant now) {
        List<RelativeKeyId> removed = new ArrayList<>();
        registrations.values().removeIf(registration -> {
            boolean expired = registration.isExpiredAt(now);
            if (expired) {
                removed.add(registration.relativeKeyId());
            }
            return expired;
        });
        return removed;
    }

    @Override
    public boolean isReady() {
        return true;
    }
}
