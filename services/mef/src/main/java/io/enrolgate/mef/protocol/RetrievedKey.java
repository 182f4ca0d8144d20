package io.enrolgate.mef.protocol;

import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.mef.core.MefKeyValue;
import io.enrolgate.mef.core.OneM2mId;
import io.enrolgate.mef.core.Suid;
import java.time.Instant;

/** The MEF Key Retrieval response (TS-0003 8.3.5.2): Key Value, SUID, expirationTime, Source MEF Client ID. */
public record RetrievedKey(KeyIdentifier keyId, MefKeyValue keyValue, Suid suid, Instant expirationTime,
        OneM2mId sourceMefClientId) {
}
