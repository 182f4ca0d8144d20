package io.enrolgate.it;

import io.enrolgate.demo.core.PlannedDevice;
import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.zigbee.IeeeAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A second gateway ({@link DistributedSystem#INTRUDER}), a legitimate broker identity of its own, that tries to
 * read and write the first gateway's topics while the devices join. It keeps what the broker answered (the
 * SUBACK/PUBACK reason codes) and what it received, for the ACL checks to judge.
 */
final class IntruderGateway implements AutoCloseable {
    /** The SUBACK/PUBACK reason code of each attempt, by what was attempted. */
    final Map<String, Integer> codes = new LinkedHashMap<>();
    /** The EG Requests it published in the first gateway's name: none may lead to an event. */
    final List<EgRequest> refusedRequests = new ArrayList<>();
    /** The EG Request it published on its own request topic: it must be heard and answered. */
    EgRequest ownRequest;

    private final MqttProbe probe;

    private IntruderGateway(MqttProbe probe) {
        this.probe = probe;
    }

    static IntruderGateway connect(DistributedSystem system) throws Exception {
        String me = DistributedSystem.INTRUDER.toTopicHex();
        return new IntruderGateway(MqttProbe.connect(system.broker.serverUri(), "it-intruder", me, system.password(me)));
    }

    /** The filters on the first gateway's responses it tries: exactly, with a single-level and a multi-level wildcard. */
    static List<String> victimResponseFilters() {
        return List.of(GatewayRequests.responseTopic(DistributedSystem.GATEWAY), "enrolgate/v1/gw/+/eg/response",
                "enrolgate/v1/#");
    }

    /** Subscribes to the first gateway's responses, and to its own; before any device joins. */
    void subscribeToTheGatewaysResponses() throws Exception {
        for (String filter : victimResponseFilters()) {
            codes.put("subscribe " + filter, probe.subscribe(filter));
        }
        codes.put("subscribe its own response topic", probe.subscribe(GatewayRequests.responseTopic(
                DistributedSystem.INTRUDER)));
    }

    /**
     * Publishes EG Requests in the first gateway's name on its request topic (for a registered device, and for the
     * device the first gateway is about to enrol); then one on its own topic.
     */
    void publishInTheGatewaysName(List<PlannedDevice> registered) throws Exception {
        IeeeAddress victim = DistributedSystem.GATEWAY;
        IeeeAddress me = DistributedSystem.INTRUDER;
        EgRequest forged = GatewayRequests.request(victim, registered.get(0).ieee());
        refusedRequests.add(forged);
        codes.put("publish on the gateway's request topic", publish(victim, forged, me));
        EgRequest redirected = GatewayRequests.request(victim, registered.get(1).ieee());
        refusedRequests.add(redirected);
        codes.put("publish on the gateway's request topic, answer to the gateway", publish(victim, redirected, victim));
        // For a device nobody registered (not the simulated stranger, whose own REJECTED must come through the gateway).
        ownRequest = GatewayRequests.request(me, IeeeAddress.parse("00124b00e10000ff"));
        codes.put("publish on its own request topic", publish(me, ownRequest, me));
    }

    /** Publishes {@code request} on the request topic of {@code topicOf}, asking for the answer on that of {@code answerTo}. */
    private int publish(IeeeAddress topicOf, EgRequest request, IeeeAddress answerTo) throws Exception {
        return probe.publish(GatewayRequests.requestTopic(topicOf), request.toByteArray(),
                GatewayRequests.requestProperties(GatewayRequests.responseTopic(answerTo), request));
    }

    List<MqttProbe.Received> received() {
        return probe.received();
    }

    int subscribe(String filter) throws Exception {
        return probe.subscribe(filter);
    }

    void unsubscribe(String filter) throws Exception {
        probe.unsubscribe(filter);
    }

    @Override
    public void close() {
        probe.close();
    }
}
