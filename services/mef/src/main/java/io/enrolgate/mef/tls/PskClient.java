package io.enrolgate.mef.tls;

import io.enrolgate.mef.core.AuthenticatedClient;
import io.enrolgate.mef.core.OneM2mId;
import io.enrolgate.mef.core.Printable;

/**
 * A MEF Client as configured on the MEF: its PSK identity (KpmID) and key, the oneM2M ID that identity
 * stands for, and whether it is a Source MEF Client (allowed to register keys).
 */
public record PskClient(String kpmId, PreSharedKey psk, OneM2mId clientId, boolean sourceClient) {
    public static final int MAX_KPM_ID_LENGTH = 128;

    public PskClient {
        checkKpmId(kpmId);
        if (psk == null || clientId == null) {
            throw new IllegalArgumentException("client " + kpmId + " needs a PSK and a oneM2M ID");
        }
    }

    public AuthenticatedClient authenticated() {
        return new AuthenticatedClient(kpmId, clientId, sourceClient);
    }

    /** KpmIDs are printable ASCII (RFC 4279 identities are UTF-8; we keep them plain to compare and log). */
    public static String checkKpmId(String kpmId) {
        if (kpmId == null || kpmId.isEmpty() || kpmId.length() > MAX_KPM_ID_LENGTH
                || !kpmId.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("PSK identity (KpmID) '" + Printable.of(kpmId, 140)
                    + "' is not valid: expected 1 to " + MAX_KPM_ID_LENGTH + " printable ASCII characters, no spaces");
        }
        return kpmId;
    }

    @Override
    public String toString() {
        return "PskClient[" + kpmId + " -> " + clientId + (sourceClient ? ", source" : "") + "]";
    }
}
