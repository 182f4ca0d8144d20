package io.enrolgate.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.enrolgate.cli.CommandRun;
import io.enrolgate.proto.v1.EnrolmentEvent;
import io.enrolgate.proto.v1.EnrolmentEvent.State;
import io.enrolgate.testfixtures.MosquittoProcess;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/** {@code enrolgate events --follow} against a real Mosquitto, with events published as key-forge publishes them. */
class EventsCommandTest {
    private static final String DEVICE = "00124b00c0000001";
    private static final String OTHER_DEVICE = "00124b00c0000002";

    @Test
    void followsTheEventsOfOneDeviceAndStopsAfterCount() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.startAnonymous()) {
            CompletableFuture<CommandRun> run = CompletableFuture.supplyAsync(() -> CommandRun.of("events", "--follow",
                    "--mqtt", broker.serverUri(), "--device", DEVICE, "--count", "2"));
            MqttClient publisher = new MqttClient(broker.serverUri(), "test-publisher", new MemoryPersistence());
            publisher.connect();
            try {
                // The command subscribes after it starts: publish until it has seen both (QoS 1, not retained).
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!run.isDone() && System.nanoTime() < deadline) {
                    publish(publisher, OTHER_DEVICE, event(OTHER_DEVICE, State.REQUESTED, ""));
                    publish(publisher, DEVICE, event(DEVICE, State.REQUESTED, ""));
                    publish(publisher, DEVICE, event(DEVICE, State.KEY_PROVISIONED, "0a1b2c3d@mef.example"));
                    Thread.sleep(200);
                }
            } finally {
                publisher.disconnect();
                publisher.close();
            }
            CommandRun result = run.get(30, TimeUnit.SECONDS);

            assertThat(result.exitStatus()).as(result.err()).isZero();
            String[] lines = result.out().strip().split("\n");
            assertThat(lines).hasSize(2);
            assertThat(lines).allSatisfy(line -> assertThat(line).contains(DEVICE).contains("via 00124b00e0000001")
                    .doesNotContain(OTHER_DEVICE));
            assertThat(String.join("\n", lines)).contains("REQUESTED").contains("KEY_PROVISIONED")
                    .contains("key 0a1b2c3d@mef.example");
            assertThat(result.err()).contains("following enrolgate/v1/events/" + DEVICE);
        }
    }

    @Test
    void withoutFollowItSaysWhyAndExitsTwo() {
        CommandRun result = CommandRun.of("events");
        assertThat(result.exitStatus()).isEqualTo(2);
        assertThat(result.err()).contains("keeps no history").contains("--follow");
    }

    @Test
    void aBadDeviceAddressIsRefusedBeforeConnecting() {
        CommandRun result = CommandRun.of("events", "--follow", "--device", "not-an-ieee", "--mqtt", "tcp://127.0.0.1:1");
        assertThat(result.exitStatus()).isEqualTo(2);
        assertThat(result.err()).contains("--device not-an-ieee");
    }

    @Test
    void aNegativeCountIsRefused() {
        CommandRun result = CommandRun.of("events", "--follow", "--count", "-1");
        assertThat(result.exitStatus()).isEqualTo(2);
        assertThat(result.err()).contains("--count -1");
    }

    private static String event(String device, State state, String keyIdentifier) throws Exception {
        return JsonFormat.printer().print(EnrolmentEvent.newBuilder().setDeviceIeee(device)
                .setGatewayIeee("00124b00e0000001").setState(state).setKeyIdentifier(keyIdentifier)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(1_800_000_000L)).build());
    }

    private static void publish(MqttClient client, String device, String json) throws Exception {
        client.publish("enrolgate/v1/events/" + device, json.getBytes(StandardCharsets.UTF_8), 1, false);
    }
}
