package io.enrolgate.cli.events;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.enrolgate.common.mqtt.InboundMessage;
import io.enrolgate.proto.v1.EnrolmentEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/** How {@code enrolgate events} shows one event: a line for people, or the published JSON on one line. */
final class EventLines {
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private EventLines() {
    }

    /**
     * {@code TIME DEVICE STATE via GATEWAY [key KEY-ID seq N] [REASON]}; a message that is not an event is shown
     * as such, with its topic, rather than dropped: whoever follows the topic should see that something is wrong.
     */
    static String line(InboundMessage message) {
        EnrolmentEvent event;
        try {
            event = parse(message);
        } catch (InvalidProtocolBufferException e) {
            return "not an enrolment event on " + message.topic() + ": " + e.getMessage();
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s  %s  %-15s via %s",
                event.hasOccurredAt() ? Instant.ofEpochSecond(event.getOccurredAt().getSeconds(),
                        event.getOccurredAt().getNanos()) : "-",
                event.getDeviceIeee(), event.getState(), event.getGatewayIeee().isEmpty() ? "-" : event.getGatewayIeee()));
        if (!event.getKeyIdentifier().isEmpty()) {
            line.append("  key ").append(event.getKeyIdentifier());
        }
        if (event.getKeySequence() != 0) {
            line.append("  seq ").append(event.getKeySequence());
        }
        if (!event.getReason().isEmpty()) {
            line.append("  ").append(event.getReason());
        }
        return line.toString();
    }

    /** The event re-printed compactly (one line), or the line of {@link #line} when it is not an event. */
    static String json(InboundMessage message) {
        try {
            return PRINTER.print(parse(message));
        } catch (InvalidProtocolBufferException e) {
            return line(message);
        }
    }

    private static EnrolmentEvent parse(InboundMessage message) throws InvalidProtocolBufferException {
        EnrolmentEvent.Builder event = EnrolmentEvent.newBuilder();
        PARSER.merge(new String(message.payload(), StandardCharsets.UTF_8), event);
        return event.build();
    }
}
