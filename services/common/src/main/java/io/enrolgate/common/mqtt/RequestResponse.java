package io.enrolgate.common.mqtt;

import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The MQTT v5 request/response pattern (§4.10): the requester names a Response Topic and Correlation
 * Data; the responder publishes to that topic with the same Correlation Data.
 */
public final class RequestResponse {
    public static final String PROTOBUF = "application/x-protobuf";
    public static final String JSON = "application/json";

    private RequestResponse() {
    }

    /** Properties of a request: where to answer and what to echo. */
    public static MqttProperties requestProperties(String responseTopic, byte[] correlationData, String contentType) {
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(responseTopic);
        properties.setCorrelationData(correlationData.clone());
        properties.setContentType(contentType);
        return properties;
    }

    /** Properties of the response to {@code request}: its Correlation Data echoed, if it had any. */
    public static MqttProperties responseProperties(InboundMessage request, String contentType) {
        MqttProperties properties = withContentType(contentType);
        request.correlationData().ifPresent(properties::setCorrelationData);
        return properties;
    }

    public static MqttProperties withContentType(String contentType) {
        MqttProperties properties = new MqttProperties();
        properties.setContentType(contentType);
        if (JSON.equals(contentType)) {
            // Payload Format Indicator 1: UTF-8 text, so that brokers and tools may check and show it.
            properties.setPayloadFormat(true);
        }
        return properties;
    }
}
