package io.enrolgate.mef.protocol;

import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.mef.core.OneM2mId;
import java.time.Instant;
import java.util.List;

/**
 * The MEF Key Registration response (TS-0003 8.3.5.2): the key identifier (RelativeKeyID@MEF-FQDN),
 * the expirationTime the MEF granted, the Source MEF Client ID and the targetIDs. Also the response of
 * a Registration Update, with the labels now registered.
 */
public record KeyRegistrationReceipt(KeyIdentifier keyId, Instant expirationTime, OneM2mId sourceMefClientId,
        List<OneM2mId> targetIds, List<String> labels) {
    public KeyRegistrationReceipt {
        targetIds = List.copyOf(targetIds);
        labels = List.copyOf(labels);
    }
}
