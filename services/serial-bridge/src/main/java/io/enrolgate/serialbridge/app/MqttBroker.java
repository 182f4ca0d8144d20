package io.enrolgate.serialbridge.app;

import io.enrolgate.common.mqtt.MqttSession;
import io.enrolgate.common.mqtt.MqttSettings;
import io.enrolgate.common.mqtt.MqttWill;
import io.enrolgate.common.mqtt.RequestResponse;
import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.serialbridge.core.BrokerPort;
import io.enrolgate.serialbridge.core.GatewayIdentity;
import io.enrolgate.serialbridge.core.GatewayStatus;
import io.enrolgate.zigbee.IeeeAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link BrokerPort} on an MQTT v5 {@link MqttSession}. The session is created when the gateway first says
 * HELLO, because its Will (the gateway's offline status) names the gateway; a HELLO from another gateway
 * replaces it. The first connection is retried on {@code executor} until it succeeds (Paho reconnects by itself
 * only after one). Nothing here blocks the caller.
 */
final class MqttBroker implements BrokerPort, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttBroker.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);

    private final MqttSettings settings;
    private final Optional<String> clientId;
    private final ScheduledExecutorService executor;
    private volatile Attached attached;
    private volatile boolean closed;

    private record Attached(GatewayIdentity gateway, MqttSession session) {
    }

    /**
     * @param clientId the configured client id; empty for {@code serial-bridge-<gateway IEEE>}, stable per gateway
     */
    MqttBroker(MqttSettings settings, Optional<String> clientId, ScheduledExecutorService executor) {
        this.settings = settings;
        this.clientId = clientId;
        this.executor = executor;
    }

    @Override
    public synchronized void attach(GatewayIdentity gateway, ResponseListener responses) {
        Attached current = attached;
        if (closed || (current != null && current.gateway().ieee().equals(gateway.ieee()))) {
            return;
        }
        MqttSettings forGateway = settings
                .withClientId(clientId.orElse("serial-bridge-" + gateway.ieee().toTopicHex()))
                .withWill(new MqttWill(EnrolgateTopics.status(gateway.ieee()), GatewayStatus.offline(gateway), 1, true,
                        RequestResponse.JSON));
        MqttSession session = MqttSession.create(forGateway);
        session.subscribe(EnrolgateTopics.response(gateway.ieee()), 1, message -> {
            responses.onResponse(message.payload(), message.correlationData().orElse(null));
            return CompletableFuture.completedFuture(null);
        });
        attached = new Attached(gateway, session);
        if (current != null) {
            // A clean disconnect waits for the broker: on its own thread, not the caller's nor the timer's.
            Thread closer = new Thread(current.session()::close, "mqtt-close " + current.gateway().ieee().toTopicHex());
            closer.setDaemon(true);
            closer.start();
        }
        LOG.info("MQTT session for gateway {} on {}", gateway.ieee().toTopicHex(), forGateway);
        connect(session, FIRST_RETRY);
    }

    @Override
    public boolean isConnected() {
        Attached current = attached;
        return current != null && current.session().isConnected();
    }

    @Override
    public CompletableFuture<Void> publishRequest(IeeeAddress gateway, byte[] request, byte[] correlationData) {
        Attached current = attached;
        if (current == null) {
            return notAttached();
        }
        return current.session().publish(EnrolgateTopics.request(gateway), request,
                RequestResponse.requestProperties(EnrolgateTopics.response(gateway), correlationData, RequestResponse.PROTOBUF));
    }

    @Override
    public CompletableFuture<Void> publishStatus(IeeeAddress gateway, byte[] status) {
        Attached current = attached;
        if (current == null) {
            return notAttached();
        }
        return current.session().publish(EnrolgateTopics.status(gateway),
                new MqttMessage(status, 1, true, RequestResponse.withContentType(RequestResponse.JSON)));
    }

    /** Says offline (a clean disconnect does not publish the Will), then disconnects; bounded waits. */
    @Override
    public synchronized void close() {
        closed = true;
        Attached current = attached;
        if (current == null) {
            return;
        }
        if (current.session().isConnected()) {
            try {
                publishStatus(current.gateway().ieee(), GatewayStatus.offline(current.gateway())).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("offline status of {} not published on stop: {}", current.gateway().ieee().toTopicHex(),
                        e.getMessage());
            }
        }
        current.session().close();
    }

    /** Drops the connection without DISCONNECT, as a crash would: the broker publishes the Will. For fault tests. */
    synchronized void abort() {
        closed = true;
        Attached current = attached;
        if (current != null) {
            current.session().abort();
        }
    }

    private static CompletableFuture<Void> notAttached() {
        return CompletableFuture.failedFuture(new IllegalStateException("no gateway has said HELLO yet: no MQTT session"));
    }

    private void connect(MqttSession session, Duration retry) {
        session.connect().whenComplete((ok, failure) -> {
            if (failure == null || closed || attached == null || attached.session() != session) {
                return;
            }
            Duration next = retry.multipliedBy(2).compareTo(settings.maxReconnectDelay()) > 0
                    ? settings.maxReconnectDelay() : retry.multipliedBy(2);
            LOG.warn("{}; trying again in {} ms", failure.getMessage(), retry.toMillis());
            executor.schedule(() -> connect(session, next), retry.toMillis(), TimeUnit.MILLISECONDS);
        });
    }
}
