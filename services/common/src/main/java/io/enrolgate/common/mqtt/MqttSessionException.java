package io.enrolgate.common.mqtt;

/** An MQTT operation failed: the message names the operation, the topic or broker, and Paho's reason code. */
public class MqttSessionException extends RuntimeException {
    public MqttSessionException(String message) {
        super(message);
    }

    public MqttSessionException(String message, Throwable cause) {
        super(message, cause);
    }
}
