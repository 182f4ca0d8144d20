package io.enrolgate.mef.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The parameters of a MEF Key Registration request (TS-0003 8.3.5.2): SUID, targetIDs, Key Value,
 * expirationTime (optional: the MEF applies its default lifetime) and labels.
 */
public record KeyRegistrationRequest(
        Suid suid,
        List<OneM2mId> targetIds,
        MefKeyValue keyValue,
        Optional<Instant> expirationTime,
        List<String> labels) {

    public KeyRegistrationRequest {
        if (suid == null) {
            throw new IllegalArgumentException("SUID is missing");
        }
        if (keyValue == null) {
            throw new IllegalArgumentException("Key Value is missing");
        }
        targetIds = TargetIds.check(targetIds);
        expirationTime = expirationTime == null ? Optional.empty() : expirationTime;
        labels = Labels.check(labels);
    }
}
