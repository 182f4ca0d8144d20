package io.enrolgate.mef.core;

/**
 * A MEF Client the transport has authenticated: the PSK identity it proved (its KpmID) and the oneM2M
 * ID that the configuration maps it to. {@code sourceClient} says whether it may perform MEF Key
 * Registration (a configured Source MEF Client); any authenticated client may attempt retrieval.
 */
public record AuthenticatedClient(String kpmId, OneM2mId clientId, boolean sourceClient) {
    public AuthenticatedClient {
        if (kpmId == null || kpmId.isEmpty() || clientId == null) {
            throw new IllegalArgumentException("an authenticated client needs its KpmID and oneM2M ID");
        }
    }

    @Override
    public String toString() {
        return clientId + " (KpmID " + Printable.of(kpmId, 128) + ")";
    }
}
