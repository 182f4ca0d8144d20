package io.enrolgate.mef.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A MEF Key Registration Update (TS-0003 8.3.5.2): the attributes given replace the registered ones,
 * the others are kept. The Key Value and SUID cannot change: register a new key instead.
 */
public record KeyRegistrationUpdate(
        Optional<List<OneM2mId>> targetIds,
        Optional<Instant> expirationTime,
        Optional<List<String>> labels) {

    public KeyRegistrationUpdate {
        targetIds = targetIds == null ? Optional.empty() : targetIds.map(TargetIds::check);
        expirationTime = expirationTime == null ? Optional.empty() : expirationTime;
        labels = labels == null ? Optional.empty() : labels.map(Labels::check);
        if (targetIds.isEmpty() && expirationTime.isEmpty() && labels.isEmpty()) {
            throw new IllegalArgumentException("an update changes nothing: expected at least one of targetIDs,"
                    + " expirationTime, labels");
        }
    }
}
