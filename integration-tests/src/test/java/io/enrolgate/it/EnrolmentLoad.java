package io.enrolgate.it;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.proto.v1.EgResponse;
import io.enrolgate.zigbee.IeeeAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * EG Requests injected through the broker as gateways send them (each gateway its own broker user, publishing on
 * its own request topic with its own response topic, through the production ACL), against the key-forge replicas
 * running as separate processes: a closed loop of {@code window} requests in flight per gateway, each answered
 * request replaced at once by the next. After a warm-up that is not counted, it counts the responses that arrive
 * within the measured window: the enrolments/s the distributed setup holds on this machine, with latency
 * percentiles (request published → response received). Every request has a fresh request id: every answer is a
 * newly forged key, recorded in PostgreSQL, sealed for provisioning and followed by its events.
 */
final class EnrolmentLoad {
    /** What one run measured. */
    record Report(int gateways, int window, double seconds, long answered, long issued, long rejected, long late,
            double perSecond, double p50Millis, double p99Millis, double maxMillis) {
        String describe() {
            return String.format(Locale.ROOT, "%d gateways x %d in flight: %d answered in %.1f s (%d keys issued, %d"
                    + " rejected) -> %.1f enrolments/s; latency ms p50 %.1f p99 %.1f max %.1f", gateways, window, answered,
                    seconds, issued, rejected, perSecond, p50Millis, p99Millis, maxMillis);
        }
    }

    private final String serverUri;
    private final Map<IeeeAddress, String> gatewayPasswords;
    private final List<IeeeAddress> devices;
    private final int window;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong nextDevice = new AtomicLong();

    EnrolmentLoad(String serverUri, Map<IeeeAddress, String> gatewayPasswords, List<IeeeAddress> devices, int window) {
        this.serverUri = serverUri;
        this.gatewayPasswords = gatewayPasswords;
        this.devices = List.copyOf(devices);
        this.window = window;
    }

    /** Runs {@code warmup}, then measures {@code measured}; then waits for the stragglers (not counted). */
    Report run(Duration warmup, Duration measured) throws Exception {
        List<Gateway> gateways = new ArrayList<>();
        try {
            for (Map.Entry<IeeeAddress, String> entry : gatewayPasswords.entrySet()) {
                gateways.add(new Gateway(entry.getKey(), entry.getValue()));
            }
            Phase phase = new Phase();
            phase.countFrom = System.nanoTime() + warmup.toNanos();
            phase.stopAt = phase.countFrom + measured.toNanos();
            for (Gateway gateway : gateways) {
                gateway.phase = phase;
                for (int i = 0; i < window; i++) {
                    gateway.send();
                }
            }
            long waitUntil = phase.stopAt + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < waitUntil && gateways.stream().anyMatch(g -> !g.inFlight.isEmpty())) {
                Thread.sleep(50);
            }
            long late = gateways.stream().mapToLong(g -> g.inFlight.size()).sum();
            double[] latencies = phase.latencies();
            Arrays.sort(latencies);
            double seconds = measured.toNanos() / 1e9;
            return new Report(gateways.size(), window, seconds, latencies.length, phase.issued.get(), phase.rejected.get(),
                    late, latencies.length / seconds, percentile(latencies, 50), percentile(latencies, 99),
                    percentile(latencies, 100));
        } finally {
            gateways.forEach(g -> g.probe.close());
        }
    }

    private static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The counters of the measured window. */
    private static final class Phase {
        volatile long countFrom;
        volatile long stopAt;
        final AtomicLong issued = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        private final List<Double> latencies = new ArrayList<>();

        synchronized void record(double millis) {
            latencies.add(millis);
        }

        synchronized double[] latencies() {
            return latencies.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /** One gateway: its broker session, its request topic, its response topic, its requests in flight. */
    private final class Gateway {
        final IeeeAddress ieee;
        final String requestTopic;
        final String responseTopic;
        final MqttProbe probe;
        final Map<ByteString, Long> inFlight = new ConcurrentHashMap<>();
        volatile Phase phase;

        Gateway(IeeeAddress ieee, String password) throws MqttException {
            this.ieee = ieee;
            this.requestTopic = "enrolgate/v1/gw/" + ieee.toTopicHex() + "/eg/request";
            this.responseTopic = "enrolgate/v1/gw/" + ieee.toTopicHex() + "/eg/response";
            this.probe = MqttProbe.connect(serverUri, "it-load-" + ieee.toTopicHex(), ieee.toTopicHex(), password);
            probe.onMessage(this::answered);
            int granted = probe.subscribe(responseTopic);
            if (granted != 1) {
                throw new IllegalStateException("gateway " + ieee.toTopicHex() + " may not read its own response topic:"
                        + " SUBACK 0x" + Integer.toHexString(granted));
            }
        }

        void send() {
            byte[] id = new byte[16];
            random.nextBytes(id);
            long n = nextDevice.getAndIncrement();
            IeeeAddress device = devices.get((int) (n % devices.size()));
            EgRequest request = EgRequest.newBuilder()
                    .setRequestId(ByteString.copyFrom(id))
                    .setGatewayIeee(ieee.value())
                    .setGatewayShort(0x0000)
                    .setPanId(DistributedSystem.PAN_ID)
                    .setDeviceIeee(device.value())
                    .setDeviceShort(0x1000 + (int) (n % 0x8000))
                    .setCapabilityInformation(0x80)
                    .setReceivedUnixMs(System.currentTimeMillis())
                    .build();
            MqttProperties properties = new MqttProperties();
            properties.setResponseTopic(responseTopic);
            properties.setCorrelationData(id);
            properties.setContentType("application/x-protobuf");
            inFlight.put(request.getRequestId(), System.nanoTime());
            // Published from Paho's callback thread as answers arrive: asynchronously, never waiting there.
            org.eclipse.paho.mqttv5.common.MqttMessage message = new org.eclipse.paho.mqttv5.common.MqttMessage(
                    request.toByteArray());
            message.setQos(1);
            message.setProperties(properties);
            try {
                probe.client().publish(requestTopic, message);
            } catch (MqttException e) {
                inFlight.remove(request.getRequestId());
                throw new IllegalStateException("gateway " + ieee.toTopicHex() + " could not publish: " + e, e);
            }
        }

        void answered(MqttProbe.Received message) {
            long now = System.nanoTime();
            EgResponse response;
            try {
                response = EgResponse.parseFrom(message.payload());
            } catch (InvalidProtocolBufferException e) {
                return;
            }
            Long sent = inFlight.remove(response.getRequestId());
            if (sent == null) {
                return;
            }
            Phase current = phase;
            if (now >= current.countFrom && now <= current.stopAt) {
                current.record((now - sent) / 1e6);
                if (response.getResultCase() == EgResponse.ResultCase.NWK_FRAME) {
                    current.issued.incrementAndGet();
                } else {
                    current.rejected.incrementAndGet();
                }
            }
            if (now < current.stopAt) {
                send();
            }
        }
    }
}
