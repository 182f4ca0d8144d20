package io.enrolgate.serialbridge.support;

import io.enrolgate.common.hpke.HpkePrivateKey;
import io.enrolgate.common.hpke.KeyDeliverySeal;
import io.enrolgate.common.hpke.KeyOpener;
import io.enrolgate.common.mqtt.InboundMessage;
import io.enrolgate.common.mqtt.MqttSession;
import io.enrolgate.common.mqtt.MqttSettings;
import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.proto.v1.KeyDelivery;
import io.enrolgate.zigbee.Hex;
import io.enrolgate.zigbee.IeeeAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Watches the broker as provisioning and an operator would: opens every sealed key delivery with the
 * provisioning private key, and keeps every gateway status message (retained or live).
 */
public final class BrokerWatcher implements AutoCloseable {
    /** One status message: its JSON and whether the broker delivered it as retained. */
    public record Status(String topic, String json, boolean retained) {
    }

    private final MqttSession session;
    private final KeyOpener opener;
    private final Map<IeeeAddress, List<String>> keys = new ConcurrentHashMap<>();
    private final List<Status> statuses = new CopyOnWriteArrayList<>();

    private BrokerWatcher(String brokerUri, HpkePrivateKey provisioning) {
        opener = new KeyOpener(provisioning, KeyDeliverySeal.INFO);
        session = MqttSession.create(MqttSettings.of(brokerUri, "watcher-" + UUID.randomUUID())
                .withMaxReconnectDelay(Duration.ofSeconds(1)));
        session.subscribe(EnrolgateTopics.KEYS_FILTER, 1, this::onKey);
        session.subscribe(EnrolgateTopics.STATUS_FILTER, 1, this::onStatus);
    }

    public static BrokerWatcher start(String brokerUri, HpkePrivateKey provisioning) {
        BrokerWatcher watcher = new BrokerWatcher(brokerUri, provisioning);
        try {
            watcher.session.connect().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("watcher cannot connect: " + e.getMessage(), e);
        }
        return watcher;
    }

    /** The keys delivered for {@code device}, opened, as lower-case hex. */
    public List<String> keysOf(IeeeAddress device) {
        return List.copyOf(keys.getOrDefault(device, List.of()));
    }

    public List<Status> statuses() {
        return List.copyOf(statuses);
    }

    public boolean lastStatusIs(String state) {
        List<Status> all = statuses();
        return !all.isEmpty() && all.get(all.size() - 1).json().contains("\"state\":\"" + state + "\"");
    }

    /** The retained message on {@code topic} as a new subscriber gets it, waiting up to {@code timeout}. */
    public static java.util.Optional<String> retained(String brokerUri, String topic, Duration timeout) {
        CompletableFuture<String> first = new CompletableFuture<>();
        try (MqttSession probe = MqttSession.create(MqttSettings.of(brokerUri, "probe-" + UUID.randomUUID()))) {
            probe.subscribe(topic, 1, message -> {
                if (message.message().isRetained()) {
                    first.complete(new String(message.payload(), StandardCharsets.UTF_8));
                }
                return CompletableFuture.completedFuture(null);
            });
            probe.connect().get(30, TimeUnit.SECONDS);
            return java.util.Optional.of(first.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.TimeoutException e) {
            return java.util.Optional.empty();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the retained message of " + topic + ": " + e.getMessage(), e);
        }
    }

    private CompletableFuture<Void> onKey(InboundMessage message) {
        try {
            KeyDelivery delivery = KeyDelivery.parseFrom(message.payload());
            byte[] key = opener.open(delivery.getSealedKey(),
                    KeyDeliverySeal.associatedData(delivery.getEnrolmentId(), delivery.getDeviceIeee()));
            keys.computeIfAbsent(new IeeeAddress(delivery.getDeviceIeee()), k -> new CopyOnWriteArrayList<>())
                    .add(Hex.encode(key).toLowerCase(java.util.Locale.ROOT));
        } catch (Exception e) {
            throw new IllegalStateException("a key delivery does not open: " + e.getMessage(), e);
        }
        return CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Void> onStatus(InboundMessage message) {
        statuses.add(new Status(message.topic(), new String(message.payload(), StandardCharsets.UTF_8),
                message.message().isRetained()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        session.close();
    }
}
