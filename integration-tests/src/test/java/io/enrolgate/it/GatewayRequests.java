package io.enrolgate.it;

import com.google.protobuf.ByteString;
import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.zigbee.IeeeAddress;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * EG Requests as a gateway sends them over MQTT v5 (request/response on its own topics), for the probes that speak
 * for a gateway directly instead of through the firmware's simulator.
 */
final class GatewayRequests {
    private GatewayRequests() {
    }

    static String requestTopic(IeeeAddress gateway) {
        return "enrolgate/v1/gw/" + gateway.toTopicHex() + "/eg/request";
    }

    static String responseTopic(IeeeAddress gateway) {
        return "enrolgate/v1/gw/" + gateway.toTopicHex() + "/eg/response";
    }

    /** An EG Request as a gateway sends it for {@code device}, with a fresh request identifier. */
    static EgRequest request(IeeeAddress gateway, IeeeAddress device) {
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        return EgRequest.newBuilder().setRequestId(ByteString.copyFrom(id)).setGatewayIeee(gateway.value())
                .setGatewayShort(0).setPanId(DistributedSystem.PAN_ID).setDeviceIeee(device.value()).setDeviceShort(0x7777)
                .setCapabilityInformation(0x80).setReceivedUnixMs(System.currentTimeMillis()).build();
    }

    /** The MQTT v5 request/response properties a gateway sends with {@code request}. */
    static MqttProperties requestProperties(String responseTopic, EgRequest request) {
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(responseTopic);
        properties.setCorrelationData(request.getRequestId().toByteArray());
        properties.setContentType("application/x-protobuf");
        return properties;
    }

    /**
     * Connects as {@code gateway} (its own broker user), sends one EG Request for each of the first {@code sent} load
     * devices, and counts the answers on its response topic within 15 s.
     */
    static int answeredOf(DistributedSystem system, IeeeAddress gateway, int sent) throws Exception {
        try (MqttProbe probe = MqttProbe.connect(system.broker.serverUri(), "it-share-victim", gateway.toTopicHex(),
                system.password(gateway.toTopicHex()))) {
            String responses = responseTopic(gateway);
            probe.subscribe(responses);
            for (int i = 0; i < sent; i++) {
                EgRequest request = request(gateway, EnrolmentScenario.loadDevice(i));
                probe.publish(requestTopic(gateway), request.toByteArray(), requestProperties(responses, request));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (probe.received().size() < sent && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            return probe.received().size();
        }
    }
}
