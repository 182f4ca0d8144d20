package io.enrolgate.mef.tls;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/**
 * Names why a handshake failed with a short, bounded vocabulary (TLS alert names, "timeout", "eof",
 * "io_error"): fit for a metric label and a log line, never carrying key material.
 */
public final class TlsFailures {
    private TlsFailures() {
    }

    public static String reason(Throwable failure) {
        if (failure instanceof TlsFatalAlert alert) {
            return alertName(alert.getAlertDescription());
        }
        if (failure instanceof TlsFatalAlertReceived received) {
            return "peer_" + alertName(received.getAlertDescription());
        }
        if (failure instanceof SocketTimeoutException) {
            return "timeout";
        }
        if (failure instanceof EOFException) {
            return "eof";
        }
        return "io_error";
    }

    /** True when the peer (or we) refused the credentials: a wrong PSK, or an unknown identity. */
    public static boolean isAuthenticationFailure(String reason) {
        return reason.endsWith("bad_record_mac") || reason.endsWith("decrypt_error")
                || reason.endsWith("unknown_psk_identity");
    }

    private static String alertName(short description) {
        return AlertDescription.getName(description).toLowerCase(Locale.ROOT);
    }
}
