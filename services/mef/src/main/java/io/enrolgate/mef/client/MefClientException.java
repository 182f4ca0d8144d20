package io.enrolgate.mef.client;

/** A Mmef exchange that did not succeed, classified so that callers (and the CLI's exit codes) can react. */
public final class MefClientException extends Exception {
    /** Why the exchange failed. */
    public enum Kind {
        /** The MEF could not be reached, or the connection broke: retry later. */
        UNAVAILABLE,
        /** The TLS-PSK handshake failed: wrong PSK, unknown KpmID, or a wrong MEF FQDN (SNI). */
        HANDSHAKE_FAILED,
        /** The MEF refused: not in targetIDs, not the Source MEF Client, not allowed to register. */
        REFUSED,
        /** The registration has expired. */
        EXPIRED,
        /** No registration has this RelativeKeyID. */
        NOT_FOUND,
        /** The MEF found the request invalid (a bug of the caller, or bad parameters). */
        INVALID_REQUEST,
        /** The MEF failed (e.g. its storage): retry later. */
        MEF_ERROR,
        /** The MEF's answer was not Mmef (wrong server, or a bug). */
        PROTOCOL_ERROR
    }

    private final Kind kind;

    public MefClientException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public MefClientException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether trying again later may succeed. */
    public boolean isTransient() {
        return kind == Kind.UNAVAILABLE || kind == Kind.MEF_ERROR;
    }
}
