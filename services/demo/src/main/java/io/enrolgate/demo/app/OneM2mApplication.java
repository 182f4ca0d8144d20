package io.enrolgate.demo.app;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.enrolgate.common.mqtt.InboundMessage;
import io.enrolgate.common.mqtt.MqttSession;
import io.enrolgate.common.mqtt.MqttSettings;
import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.demo.core.DemoProgress;
import io.enrolgate.mef.client.MefClient;
import io.enrolgate.mef.client.MefClientException;
import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.mef.protocol.RetrievedKey;
import io.enrolgate.proto.v1.EnrolmentEvent;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The oneM2M application of the demo, a Target MEF Client: it follows the enrolment events
 * ({@link EnrolgateTopics#EVENTS_FILTER}) and, for each KEY_PROVISIONED, fetches the key from the MEF by its key
 * identifier (MEF Key Retrieval over TLS-PSK, as the AE listed in the device's targets). The first half of the
 * Key Value is the device's key (TS-0003); it goes to {@link DemoProgress} for the comparison and nowhere else.
 * Every event also feeds the progress (requested, issued, rejected, failed).
 */
final class OneM2mApplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OneM2mApplication.class);
    private static final int RETRIEVAL_ATTEMPTS = 5;
    private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();

    private final MqttSession session;
    private final MefClient mef;
    private final DemoProgress progress;
    private final ExecutorService retrievals = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "demo-onem2m-app");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    private OneM2mApplication(MqttSession session, MefClient mef, DemoProgress progress) {
        this.session = session;
        this.mef = mef;
        this.progress = progress;
    }

    /** Subscribes to the events and connects; returns once subscribed. */
    static OneM2mApplication start(MqttSettings mqtt, MefClient mef, DemoProgress progress) {
        OneM2mApplication application = new OneM2mApplication(MqttSession.create(mqtt), mef, progress);
        application.session.subscribe(EnrolgateTopics.EVENTS_FILTER, 1, application::onEvent);
        try {
            application.session.connect().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            application.close();
            throw new IllegalStateException("the oneM2M application could not connect to the broker: " + e.getMessage(), e);
        }
        return application;
    }

    private CompletableFuture<Void> onEvent(InboundMessage message) {
        EnrolmentEvent event;
        try {
            EnrolmentEvent.Builder builder = EnrolmentEvent.newBuilder();
            JSON.merge(new String(message.payload(), StandardCharsets.UTF_8), builder);
            event = builder.build();
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            LOG.warn("an event on {} is not an EnrolmentEvent: {}", message.topic(), e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        IeeeAddress device;
        try {
            device = IeeeAddress.parse(event.getDeviceIeee());
        } catch (IllegalArgumentException e) {
            LOG.warn("an event on {} names no device", message.topic());
            return CompletableFuture.completedFuture(null);
        }
        if (!progress.knows(device)) {
            return CompletableFuture.completedFuture(null);
        }
        switch (event.getState()) {
            case REQUESTED -> progress.requested(device);
            case KEY_ISSUED -> progress.keyIssued(device);
            case REJECTED -> progress.rejected(device, event.getRejectionCode() + (event.getReason().isBlank() ? ""
                    : ": " + event.getReason()));
            case KEY_PROVISIONED -> {
                progress.provisioned(device);
                retrieve(device, event.getKeyIdentifier());
            }
            case FAILED -> progress.provisioningFailed(device, event.getReason());
            default -> {
                // CONFIRMED and future states: nothing to show
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    private void retrieve(IeeeAddress device, String keyIdentifier) {
        KeyIdentifier keyId;
        try {
            keyId = KeyIdentifier.parse(keyIdentifier);
        } catch (IllegalArgumentException e) {
            progress.retrievalFailed(device, "the KEY_PROVISIONED event has no valid key identifier");
            return;
        }
        retrievals.execute(() -> {
            for (int attempt = 1; attempt <= RETRIEVAL_ATTEMPTS && !closed; attempt++) {
                try {
                    RetrievedKey key = mef.retrieve(keyId);
                    byte[] firstHalf = key.keyValue().firstHalf();
                    try {
                        progress.retrieved(device, SymmetricKey.of(firstHalf));
                    } finally {
                        Arrays.fill(firstHalf, (byte) 0);
                    }
                    LOG.info("oneM2M application: retrieved key {} of device {} from the MEF", keyId, device.toTopicHex());
                    return;
                } catch (MefClientException e) {
                    if (!e.isTransient() || attempt == RETRIEVAL_ATTEMPTS) {
                        progress.retrievalFailed(device, e.getMessage());
                        return;
                    }
                    sleep(200L * attempt);
                }
            }
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        retrievals.shutdownNow();
        session.close();
    }
}
