package io.enrolgate.provisioning.onem2m;

/** The oneM2M Response Status Codes (TS-0004 §6.6, carried in X-M2M-RSC by TS-0009) provisioning acts on. */
public final class ResponseStatusCodes {
    public static final int OK = 2000;
    public static final int CREATED = 2001;
    public static final int UPDATED = 2004;
    public static final int BAD_REQUEST = 4000;
    public static final int NOT_FOUND = 4004;
    public static final int ORIGINATOR_HAS_NO_PRIVILEGE = 4103;
    public static final int CONFLICT = 4105;
    public static final int ORIGINATOR_HAS_ALREADY_REGISTERED = 4117;

    private ResponseStatusCodes() {
    }

    public static boolean isSuccess(int rsc) {
        return rsc >= 2000 && rsc < 3000;
    }
}
