package io.enrolgate.serialbridge.bench;

import io.enrolgate.common.mqtt.InboundMessage;
import io.enrolgate.common.mqtt.MqttSession;
import io.enrolgate.common.mqtt.MqttSettings;
import io.enrolgate.common.mqtt.RequestResponse;
import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.proto.v1.EgResponse;
import io.enrolgate.proto.v1.Rejection;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Answers every EG Request at once with a rejection: the broker round trip without key-forge's work. */
final class EchoResponder implements AutoCloseable {
    private final MqttSession session;

    private EchoResponder(MqttSession session) {
        this.session = session;
    }

    static EchoResponder start(String brokerUri) throws Exception {
        MqttSession session = MqttSession.create(MqttSettings.of(brokerUri, "echo-" + UUID.randomUUID()));
        EchoResponder responder = new EchoResponder(session);
        session.subscribe("$share/key-forge/enrolgate/v1/gw/+/eg/request", 1, responder::answer);
        session.connect().get(30, TimeUnit.SECONDS);
        return responder;
    }

    private CompletionStage<?> answer(InboundMessage request) {
        try {
            EgRequest parsed = EgRequest.parseFrom(request.payload());
            byte[] response = EgResponse.newBuilder().setRequestId(parsed.getRequestId())
                    .setRejection(Rejection.newBuilder().setCode(Rejection.Code.RATE_LIMITED))
                    .setDeviceIeee(parsed.getDeviceIeee()).setDeviceShort(parsed.getDeviceShort()).build().toByteArray();
            return session.publish(request.responseTopic().orElseThrow(), response,
                    RequestResponse.responseProperties(request, RequestResponse.PROTOBUF));
        } catch (Exception e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
