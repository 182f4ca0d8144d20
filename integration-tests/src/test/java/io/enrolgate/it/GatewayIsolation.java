package io.enrolgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.demo.core.DeviceReport;
import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.proto.v1.EgResponse;
import io.enrolgate.proto.v1.EnrolmentEvent;
import io.enrolgate.proto.v1.EnrolmentEvent.State;
import io.enrolgate.proto.v1.Rejection;
import io.enrolgate.zigbee.IeeeAddress;
import java.util.List;
import java.util.Locale;

/**
 * The broker's ACL (the production dynamic-security roles) keeps one gateway away from another's topics: the
 * checks on what the {@link IntruderGateway} was answered and received during the {@link EnrolmentScenario}, and
 * the share-group probe. Each one also shows the refusal was the ACL and not a broken client: the same identity on
 * its own topics is heard and answered.
 */
final class GatewayIsolation {
    private GatewayIsolation() {
    }

    /** PUBACK "not authorized" on the other gateway's request topic, and no event for what it published there. */
    static void assertMayNotPublishOnAnotherGatewaysRequestTopic(EnrolmentScenario scenario) {
        IntruderGateway intruder = scenario.intruder;
        List<EnrolmentEvent> events = scenario.events.all();
        assertThat(intruder.codes.get("publish on the gateway's request topic")).as("PUBACK reason code")
                .isEqualTo(MqttProbe.NOT_AUTHORIZED);
        for (EgRequest request : intruder.refusedRequests) {
            assertThat(events).as("no event for the refused request").noneMatch(e -> e.getRequestId().equals(
                    request.getRequestId()));
        }
        // The same identity on its own topic is heard and answered: the refusal was the ACL, not a broken client.
        assertThat(intruder.codes.get("publish on its own request topic")).isZero();
        assertThat(events).as("key-forge heard the intruder on its own topic").anyMatch(e -> e.getRequestId().equals(
                intruder.ownRequest.getRequestId()) && e.getState() == State.REJECTED
                && e.getGatewayIeee().equals(DistributedSystem.INTRUDER.toTopicHex()));
    }

    /** SUBACK "not authorized" on the other gateway's responses, and nothing but its own answers received. */
    static void assertReceivesNothingOfAnotherGatewaysResponses(EnrolmentScenario scenario) throws Exception {
        IntruderGateway intruder = scenario.intruder;
        List<MqttProbe.Received> got = intruder.received();
        assertThat(got).as("what the intruder received").allMatch(m -> m.topic().equals(
                GatewayRequests.responseTopic(DistributedSystem.INTRUDER)));
        assertThat(got).as("the answer to its own request").isNotEmpty();
        for (MqttProbe.Received message : got) {
            EgResponse own = EgResponse.parseFrom(message.payload());
            assertThat(own.getRequestId()).as("only answers to its own request").isEqualTo(
                    intruder.ownRequest.getRequestId());
            assertThat(own.getRejection().getCode()).isEqualTo(Rejection.Code.UNKNOWN_DEVICE);
        }
        // The dynamic-security plugin refuses the subscriptions at SUBACK, and nothing came through either:
        System.out.println("[it] intruder SUBACK/PUBACK reason codes: " + intruder.codes);
        for (String filter : IntruderGateway.victimResponseFilters()) {
            assertThat(intruder.codes.get("subscribe " + filter)).as("SUBACK of " + filter)
                    .isEqualTo(MqttProbe.NOT_AUTHORIZED);
        }
        assertThat(intruder.codes.get("subscribe its own response topic")).as("SUBACK of its own responses").isEqualTo(1);
        assertThat(scenario.events.all().stream().filter(e -> e.getState() == State.KEY_ISSUED && e.getGatewayIeee()
                .equals(DistributedSystem.GATEWAY.toTopicHex())).count()).as("responses did flow to the gateway meanwhile")
                .isGreaterThanOrEqualTo(scenario.reports.values().stream().filter(DeviceReport::keyInstalled).count())
                .isPositive();
    }

    /**
     * SUBACK "not authorized" for key-forge's share group, and every EG Request of a load gateway answered while the
     * intruder tried to sit in that group (see the test that calls this for why).
     */
    static void assertCannotMakeRequestsVanishByJoiningKeyForgesSharedSubscription(EnrolmentScenario scenario)
            throws Exception {
        String share = "$share/key-forge/enrolgate/v1/gw/+/eg/request";
        IntruderGateway intruder = scenario.intruder;
        int suback = intruder.subscribe(share);
        assertThat(suback).as("SUBACK of a gateway's subscription to key-forge's share group").isEqualTo(0x87);
        IeeeAddress gateway = DistributedSystem.LOAD_GATEWAYS.get(0);
        int sent = 30;
        try {
            int answered = GatewayRequests.answeredOf(scenario.system, gateway, sent);
            System.out.printf(Locale.ROOT, "[it] share-group probe: SUBACK 0x%02x for %s; %d of %d requests of gateway %s"
                    + " answered%n", suback, share, answered, sent, gateway.toTopicHex());
            assertThat(answered).as("requests answered while a gateway sits in key-forge's share group (SUBACK 0x%s)",
                    Integer.toHexString(suback)).isEqualTo(sent);
        } finally {
            intruder.unsubscribe(share);
        }
    }
}
