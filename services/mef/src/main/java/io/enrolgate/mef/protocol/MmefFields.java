package io.enrolgate.mef.protocol;

/**
 * JSON member names of the Mmef payloads: the TS-0003 8.3.5.2 parameter names, in the lower camel case
 * of oneM2M's JSON serialisation. One place, shared by the server and the client.
 */
public final class MmefFields {
    public static final String SUID = "suid";
    public static final String TARGET_IDS = "targetIDs";
    public static final String KEY_VALUE = "keyValue";
    public static final String EXPIRATION_TIME = "expirationTime";
    public static final String LABELS = "labels";
    public static final String RELATIVE_KEY_ID = "relativeKeyID";
    public static final String KEY_ID = "keyID";
    public static final String SOURCE_MEF_CLIENT_ID = "sourceMefClientID";
    public static final String ERROR = "error";
    public static final String MESSAGE = "message";

    private MmefFields() {
    }
}
