package io.enrolgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.enrolgate.proto.v1.EnrolmentEvent;
import io.enrolgate.proto.v1.EnrolmentEvent.State;
import io.enrolgate.zigbee.IeeeAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The broker user {@code events} following every enrolment event, as a dashboard would: what it saw, in arrival
 * order. The events arrive on the MQTT client's thread while the checks read them, hence the locking.
 */
final class EnrolmentEvents implements AutoCloseable {
    private static final String EVENTS = "enrolgate/v1/events/#";

    private final MqttProbe probe;
    private final List<EnrolmentEvent> events = new ArrayList<>();
    private final List<String> payloads = new ArrayList<>();
    private final List<String> unreadable = new ArrayList<>();

    private EnrolmentEvents(MqttProbe probe) {
        this.probe = probe;
        probe.onMessage(message -> {
            String json = new String(message.payload(), StandardCharsets.UTF_8);
            EnrolmentEvent.Builder event = EnrolmentEvent.newBuilder();
            try {
                JsonFormat.parser().merge(json, event);
            } catch (IOException e) {
                synchronized (events) {
                    unreadable.add(message.topic() + ": " + e.getMessage());
                }
                return;
            }
            synchronized (events) {
                events.add(event.build());
                payloads.add(json);
            }
        });
    }

    /** Connected as {@code events}, not yet subscribed: {@link #follow()} does that. */
    static EnrolmentEvents connect(DistributedSystem system) throws Exception {
        return connect(system.broker.serverUri(), "it-events", system.password("events"));
    }

    /** Connected to the broker at {@code serverUri} as {@code events}, not yet subscribed. */
    static EnrolmentEvents connect(String serverUri, String clientId, String password) throws Exception {
        return new EnrolmentEvents(MqttProbe.connect(serverUri, clientId, "events", password));
    }

    void follow() throws Exception {
        assertThat(probe.subscribe(EVENTS)).as("SUBACK of the events user").isEqualTo(1);
    }

    /** Every event so far, in arrival order. */
    List<EnrolmentEvent> all() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The JSON of every event so far, as it came over the broker. */
    List<String> payloads() {
        synchronized (events) {
            return List.copyOf(payloads);
        }
    }

    /** Messages on the events topics that are not EnrolmentEvent JSON: topic and parse error. */
    List<String> unreadable() {
        synchronized (events) {
            return List.copyOf(unreadable);
        }
    }

    /** What the events user saw, one event a line, for a person to read after the run. */
    void writeTo(Path file) throws IOException {
        Files.write(file, payloads().stream().map(json -> json.replaceAll("\\s+", " ")).toList(),
                StandardCharsets.UTF_8);
    }

    /** The states of the events of {@code device} through the simulated gateway, in arrival order, each once. */
    List<State> statesOf(IeeeAddress device) {
        return all().stream().filter(e -> isScenario(e, device)).map(EnrolmentEvent::getState).distinct().toList();
    }

    /** The first event of {@code device} through the simulated gateway in {@code state}. */
    Optional<EnrolmentEvent> event(IeeeAddress device, State state) {
        return all().stream().filter(e -> isScenario(e, device) && e.getState() == state).findFirst();
    }

    /** How many events so far are in {@code state}, whichever gateway and device. */
    long count(State state) {
        return all().stream().filter(e -> e.getState() == state).count();
    }

    private static boolean isScenario(EnrolmentEvent event, IeeeAddress device) {
        return event.getDeviceIeee().equals(device.toTopicHex())
                && event.getGatewayIeee().equals(DistributedSystem.GATEWAY.toTopicHex());
    }

    @Override
    public void close() {
        probe.close();
    }
}
