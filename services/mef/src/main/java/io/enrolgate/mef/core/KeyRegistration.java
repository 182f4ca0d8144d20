package io.enrolgate.mef.core;

import java.time.Instant;
import java.util.List;

/**
 * One MEF Key Registration as the MEF holds it (TS-0003 8.3.5.2): the key, who registered it (Source
 * MEF Client ID), who may retrieve it (targetIDs), its SUID, expirationTime and labels.
 */
public record KeyRegistration(
        RelativeKeyId relativeKeyId,
        Suid suid,
        MefKeyValue keyValue,
        OneM2mId sourceClientId,
        List<OneM2mId> targetIds,
        Instant expirationTime,
        List<String> labels,
        Instant registeredAt) {

    public KeyRegistration {
        if (relativeKeyId == null || suid == null || keyValue == null || sourceClientId == null
                || expirationTime == null || registeredAt == null) {
            throw new IllegalArgumentException("a key registration needs its RelativeKeyID, SUID, Key Value,"
                    + " Source MEF Client ID, expirationTime and registration time");
        }
        targetIds = TargetIds.check(targetIds);
        labels = Labels.check(labels);
    }

    public boolean isExpiredAt(Instant now) {
        return !expirationTime.isAfter(now);
    }

    public boolean isTarget(OneM2mId clientId) {
        return targetIds.contains(clientId);
    }

    /** The same registration with the attributes a MEF Key Registration Update may change. */
    public KeyRegistration withUpdatable(List<OneM2mId> newTargetIds, Instant newExpirationTime,
            List<String> newLabels) {
        return new KeyRegistration(relativeKeyId, suid, keyValue, sourceClientId, newTargetIds,
                newExpirationTime, newLabels, registeredAt);
    }
}
