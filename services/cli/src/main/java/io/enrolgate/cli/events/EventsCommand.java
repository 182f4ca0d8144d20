package io.enrolgate.cli.events;

import io.enrolgate.cli.UserInputException;
import io.enrolgate.common.mqtt.InboundMessage;
import io.enrolgate.common.mqtt.MqttSession;
import io.enrolgate.common.mqtt.MqttSettings;
import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.zigbee.IeeeAddress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code enrolgate events --follow}: the enrolment events (REQUESTED, REJECTED, KEY_ISSUED, KEY_PROVISIONED, ...)
 * as key-forge and provisioning publish them on {@code enrolgate/v1/events/+}, one line each. They carry names
 * of keys (key identifiers), never keys.
 */
@Command(name = "events", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Follow the enrolment events on the broker, one line per event, until Ctrl-C (or --count events).",
            "The broker keeps no history of events: they are shown as they happen. The MQTT password may come",
            "from ENROLGATE_MQTT_PASSWORD instead (the deployed broker has a user 'events' for this)."
        })
public final class EventsCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--follow", description = "Show events as they happen (required: the broker keeps none).")
    private boolean follow;

    @Option(names = "--mqtt", paramLabel = "URL", defaultValue = "tcp://127.0.0.1:1883",
            description = "The broker: tcp://HOST:1883 or ssl://HOST:8883 (default ${DEFAULT-VALUE}).")
    private String mqtt;

    @Option(names = "--mqtt-username", paramLabel = "NAME", description = "MQTT user name (e.g. events).")
    private String username;

    @Option(names = "--mqtt-password", paramLabel = "SECRET", defaultValue = "${env:ENROLGATE_MQTT_PASSWORD}",
            description = "MQTT password (default: the environment variable ENROLGATE_MQTT_PASSWORD).")
    private String password;

    @Option(names = "--mqtt-ca-file", paramLabel = "PEM", description = "CAs trusted for ssl:// (the broker's private CA).")
    private Path caFile;

    @Option(names = "--device", paramLabel = "IEEE", description = "Only this device's events.")
    private String device;

    @Option(names = "--json", description = "Each event as published (protobuf JSON), one per line.")
    private boolean json;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "Stop after N events (default 0: until Ctrl-C).")
    private int count;

    @Override
    public Integer call() throws Exception {
        if (!follow) {
            throw new UserInputException("the broker keeps no history of events: use --follow to see them as they happen");
        }
        if (count < 0) {
            throw new UserInputException("--count " + count + ": expected 0 (no limit) or a positive number");
        }
        String filter = device == null ? EnrolgateTopics.EVENTS_FILTER : EnrolgateTopics.events(parseDevice(device));
        MqttSettings settings = MqttSettings.of(mqtt, "enrolgate-events-" + UUID.randomUUID());
        if (username != null) {
            settings = settings.withCredentials(username, password == null ? "" : password);
        }
        if (caFile != null) {
            settings = settings.withCaFile(caFile);
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch enough = new CountDownLatch(1);
        AtomicInteger shown = new AtomicInteger();
        try (MqttSession session = MqttSession.create(settings)) {
            session.subscribe(filter, 1, message -> {
                show(message, out);
                if (count > 0 && shown.incrementAndGet() >= count) {
                    enough.countDown();
                }
                return CompletableFuture.completedFuture(null);
            });
            session.connect().get(30, TimeUnit.SECONDS);
            spec.commandLine().getErr().println("events: following " + filter + " on " + mqtt
                    + (count > 0 ? " until " + count + " event(s)" : " (Ctrl-C to stop)"));
            spec.commandLine().getErr().flush();
            enough.await();
        }
        return 0;
    }

    private void show(InboundMessage message, PrintWriter out) {
        synchronized (out) {
            out.println(json ? EventLines.json(message) : EventLines.line(message));
            out.flush();
        }
    }

    private static IeeeAddress parseDevice(String text) {
        try {
            return IeeeAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--device " + text + ": " + e.getMessage());
        }
    }
}
