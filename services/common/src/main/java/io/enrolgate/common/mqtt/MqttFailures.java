package io.enrolgate.common.mqtt;

import javax.net.ssl.SSLException;
import org.eclipse.paho.mqttv5.common.MqttException;

/** Paho's failures in words a log reader or an operator can act on. */
final class MqttFailures {
    private MqttFailures() {
    }

    static String describe(Throwable failure) {
        if (failure instanceof MqttException mqtt) {
            return mqtt.getMessage() + " (reason code " + mqtt.getReasonCode() + ")";
        }
        return failure == null ? "unknown error" : failure.getMessage();
    }

    /**
     * Why a connection attempt failed. Paho says only "Unable to connect to server" or "Connection lost" when the
     * TLS handshake fails; the cause says which alert the broker sent, and what usually causes it follows.
     */
    static String describeConnectFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException tls) {
                return "the TLS handshake with the broker failed (" + tls.getMessage() + "): the broker may require a"
                        + " client certificate (mqtt.tls.cert-file and mqtt.tls.key-file) or refuse the one given, or its"
                        + " certificate is not signed by a CA of mqtt.tls.ca-file; " + describe(failure);
            }
        }
        return describe(failure);
    }
}
