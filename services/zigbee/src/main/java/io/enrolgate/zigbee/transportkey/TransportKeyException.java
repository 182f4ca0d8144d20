package io.enrolgate.zigbee.transportkey;

import io.enrolgate.zigbee.frame.FrameFormatException;

/**
 * Why a frame did not decode to a Transport Key. Checked, because every caller must decide what a
 * foreign or forged frame means to it; the {@link Reason} is for code, the message for people, and
 * neither ever carries key material.
 */
public final class TransportKeyException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The input ended before a field that the frame says is present. */
        TRUNCATED,
        /** A field violates its specification (see the message for which and where). */
        MALFORMED,
        /** A well-formed frame that is not a secured APS command (e.g. a data frame, NWK security). */
        NOT_SECURED_APS_COMMAND,
        /** Secured with a key this decoder cannot derive from a link key (e.g. the network key). */
        UNKNOWN_KEY_ID,
        /** The MIC does not verify: wrong link key, or the frame was altered. */
        MIC_FAILURE,
        /** Decrypted correctly, but the APS command is not Transport Key. */
        NOT_TRANSPORT_KEY
    }

    private final Reason reason;

    public TransportKeyException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    TransportKeyException(FrameFormatException cause) {
        super(cause.getMessage(), cause);
        this.reason = cause.reason() == FrameFormatException.Reason.TRUNCATED ? Reason.TRUNCATED : Reason.MALFORMED;
    }

    public Reason reason() {
        return reason;
    }
}
