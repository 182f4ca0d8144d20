package io.enrolgate.keyforge.core;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.enrolgate.common.hpke.KeyDeliverySeal;
import io.enrolgate.common.hpke.KeySealer;
import io.enrolgate.proto.v1.EgResponse;
import io.enrolgate.proto.v1.HpkeSealedKey;
import io.enrolgate.proto.v1.KeyDelivery;
import io.enrolgate.proto.v1.Rejection;
import io.enrolgate.registry.counter.FrameCounterAllocator;
import io.enrolgate.registry.device.DeviceLinkKey;
import io.enrolgate.registry.device.DeviceStatus;
import io.enrolgate.registry.enrolment.Enrolment;
import io.enrolgate.registry.enrolment.EnrolmentState;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.crypto.KeyDerivation;
import io.enrolgate.zigbee.transportkey.TransportKeyForge;
import io.enrolgate.zigbee.transportkey.TransportKeyParameters;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Enrolment Gateway's decision for one EG Request (DESIGN.md §1, the paper's Fig. 2), with no network:
 * it reads and writes the registry and returns what to publish.
 *
 * <ol>
 *   <li>validate ({@link RequestValidator}); a malformed request is answered with MALFORMED_REQUEST;
 *   <li>a request id seen before gets its stored answer again: no second key, no second frame counter;
 *   <li>an unknown or disabled device gets a Rejection and a REJECTED event, nothing else;
 *   <li>otherwise: a frame counter for the Trust Center address (the gateway, which is the coordinator on
 *       air); then, in one registry transaction, the next key sequence, a fresh key from the DRBG, the Transport
 *       Key forged under the device's key-transport key, the KeyDelivery (the key sealed with HPKE for
 *       provisioning), and the enrolment recorded as KEY_ISSUED with its response and KeyDelivery, all
 *       <em>before</em> anything is published;
 *   <li>then, in order: the REQUESTED event, the KeyDelivery, the EgResponse, the KEY_ISSUED event (no key
 *       identifier: the MEF assigns it when provisioning registers the key).
 * </ol>
 * A request id seen before whose enrolment is still KEY_ISSUED gets its stored KeyDelivery published again
 * with the response (the outbox: see also {@link KeyDeliverySweep}).
 * When two replicas race on one request id (a retry while the first is still in flight), the registry
 * keeps the first record and the loser answers with it, discarding its own key unpublished.
 *
 * <p>Blocking (registry round trips): run it on a worker thread. Thread-safe.
 */
public final class EnrolmentProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(EnrolmentProcessor.class);

    private final RegistryStore store;
    private final FrameCounterAllocator counters;
    private final NetworkKeySource keys;
    private final KeySealer sealer;
    private final RequestValidator validator;
    private final EnrolmentEvents events;
    private final KeyForgeMetrics metrics;
    private final Clock clock;

    public EnrolmentProcessor(RegistryStore store, FrameCounterAllocator counters, NetworkKeySource keys,
            KeySealer sealer, ForgeSettings settings, KeyForgeMetrics metrics, Clock clock) {
        this.store = store;
        this.counters = counters;
        this.keys = keys;
        this.sealer = sealer;
        this.validator = new RequestValidator(settings.maxPayloadBytes());
        this.events = new EnrolmentEvents(settings.instanceId());
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Decides the answer to one delivery on a request topic.
     *
     * @param answerable whether the request carries a Response Topic; without one no answer can be sent,
     *     so nothing is issued either
     */
    public ForgeResult process(String topic, byte[] payload, boolean answerable) {
        ForgeResult result = decide(topic, payload, answerable);
        metrics.count(result.outcome());
        return result;
    }

    private ForgeResult decide(String topic, byte[] payload, boolean answerable) {
        ValidRequest request;
        try {
            request = validator.validate(topic, payload);
        } catch (MalformedRequestException e) {
            LOG.debug("malformed EG Request on {}: {}", topic, e.getMessage());
            if (!answerable) {
                return ForgeResult.dropped();
            }
            Rejection rejection = rejection(Rejection.Code.MALFORMED_REQUEST, e.getMessage());
            return new ForgeResult(Outcome.MALFORMED, List.of(Publication.response(
                    EgResponse.newBuilder().setRequestId(e.requestId()).setRejection(rejection).build().toByteArray())));
        }
        if (!answerable) {
            LOG.debug("EG Request {} on {} has no response topic: dropped", request.requestId(), topic);
            return ForgeResult.dropped();
        }
        try {
            return serve(request);
        } catch (RuntimeException e) {
            // The registry is down or failed: say so; the sender retries with the same request id.
            LOG.error("EG Request {} from gateway {} for device {} failed: {}", request.requestId(), request.gateway(),
                    request.device(), e.toString());
            Rejection rejection = rejection(Rejection.Code.INTERNAL, "the enrolment gateway failed; retry later with "
                    + "the same request id");
            return new ForgeResult(Outcome.INTERNAL_ERROR, List.of(Publication.response(
                    responseBuilder(request).setRejection(rejection).build().toByteArray())));
        }
    }

    private ForgeResult serve(ValidRequest request) {
        Optional<ForgeResult> repeated = store.findEnrolmentByRequestId(request.requestId()).map(earlier -> replay(request, earlier));
        if (repeated.isPresent()) {
            return repeated.get();
        }
        Instant now = clock.instant();
        Enrolment enrolment = Enrolment.requested(request.requestId(), request.device(), request.gateway(), now);
        List<Publication> out = new ArrayList<>();
        out.add(events.requested(enrolment.id(), request, now));

        Optional<DeviceLinkKey> device = store.findLinkKey(request.device());
        if (device.isEmpty()) {
            return reject(request, enrolment, out, Outcome.UNKNOWN_DEVICE, Rejection.Code.UNKNOWN_DEVICE,
                    "device " + request.device().toTopicHex() + " is not registered");
        }
        if (device.get().status() == DeviceStatus.DISABLED) {
            return reject(request, enrolment, out, Outcome.DEVICE_DISABLED, Rejection.Code.DEVICE_DISABLED,
                    "device " + request.device().toTopicHex() + " is disabled");
        }
        return issue(request, enrolment, device.get(), out);
    }

    private ForgeResult issue(ValidRequest request, Enrolment enrolment, DeviceLinkKey device, List<Publication> out) {
        long started = System.nanoTime();
        // Before the registry transaction: a block reservation is a transaction of its own, on another connection.
        long frameCounter = counters.next(request.gateway());
        SymmetricKey keyTransportKey = KeyDerivation.keyTransportKey(device.linkKey());
        Instant now = clock.instant();
        SymmetricKey networkKey = keys.nextKey();
        // Sealing (X25519: most of the CPU of a request) needs no key sequence: done before the
        // transaction, so that the device's row is locked only for the forge and the statements.
        byte[] keyBytes = networkKey.toBytes();
        HpkeSealedKey sealed;
        try {
            sealed = sealer.seal(keyBytes, KeyDeliverySeal.associatedData(enrolment.id().toString(), request.device().value()));
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
        }
        // One transaction: the key sequence advances, and the record (response and KeyDelivery included) is
        // written, together or not at all.
        Enrolment stored = store.recordIssuedEnrolment(request.device(), keySequence -> forge(request, enrolment,
                        keyTransportKey, networkKey, sealed, frameCounter, keySequence, now))
                .orElseThrow(() -> new IllegalStateException("device " + request.device()
                        + " was removed while its request was served"));
        if (!stored.id().equals(enrolment.id())) {
            // Another replica recorded this request id first: its key is the one; ours was never sent.
            LOG.info("EG Request {} was served concurrently by another replica; answering with its record",
                    request.requestId());
            return replay(request, stored);
        }
        metrics.forgeLatency().record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);

        int keySequence = stored.keySequence().orElseThrow();
        out.add(Publication.keyDelivery(request.device(), stored.keyDelivery().orElseThrow()));
        out.add(Publication.response(stored.responseFrame().orElseThrow()));
        out.add(events.keyIssued(stored.id(), request, keySequence, now));
        LOG.info("issued key of enrolment {} (sequence {}, frame counter {}) to device {} via gateway {} for request {}",
                stored.id(), keySequence, frameCounter, request.device(), request.gateway(), request.requestId());
        return new ForgeResult(Outcome.KEY_ISSUED, out);
    }

    /**
     * Runs inside the registry's transaction, with the device's key sequence number: forges the Transport Key of
     * {@code networkKey} under the device's key-transport key and builds the KeyDelivery around the key already
     * sealed for provisioning; returns the record to write. The key leaves only sealed, twice.
     */
    private Enrolment forge(ValidRequest request, Enrolment enrolment, SymmetricKey keyTransportKey,
            SymmetricKey networkKey, HpkeSealedKey sealed, long frameCounter, int keySequence, Instant now) {
        byte[] nwkFrame = TransportKeyForge.forge(TransportKeyParameters.builder()
                .trustCenterIeee(request.gateway())
                .trustCenterShort(request.gatewayShort())
                .deviceIeee(request.device())
                .deviceShort(request.deviceShort())
                .networkKey(networkKey)
                .keySequence(keySequence)
                .apsFrameCounter(frameCounter)
                // The APS counter and NWK sequence only need to vary between frames; the counter does.
                .apsCounter((int) (frameCounter & 0xFF))
                .nwkSequence((int) (frameCounter & 0xFF))
                .build(), keyTransportKey);
        byte[] response = responseBuilder(request).setNwkFrame(ByteString.copyFrom(nwkFrame)).build().toByteArray();
        KeyDelivery delivery = KeyDelivery.newBuilder()
                .setEnrolmentId(enrolment.id().toString())
                .setDeviceIeee(request.device().value())
                .setKeySequence(keySequence)
                .setSealedKey(sealed)
                .setIssuedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setRequestId(ByteString.copyFrom(request.requestId().toBytes()))
                .build();
        return enrolment.withKeyIssued(frameCounter, keySequence, response, delivery.toByteArray(), now);
    }

    /**
     * The answer to a request id recorded before: its stored response, preceded by its stored KeyDelivery while
     * provisioning has not taken the key (KEY_ISSUED): the replica that issued it may have died before publishing
     * it, and a gateway that repeats its request is a sign that something was lost. Provisioning ignores a
     * KeyDelivery it has already.
     */
    private ForgeResult replay(ValidRequest request, Enrolment earlier) {
        if (!earlier.device().equals(request.device()) || !earlier.gateway().equals(request.gateway())) {
            Rejection rejection = rejection(Rejection.Code.MALFORMED_REQUEST, "request id " + request.requestId()
                    + " was already used for another device or gateway");
            return new ForgeResult(Outcome.MALFORMED, List.of(Publication.response(
                    responseBuilder(request).setRejection(rejection).build().toByteArray())));
        }
        byte[] stored = earlier.responseFrame().orElseThrow(() -> new IllegalStateException(
                "enrolment " + earlier.id() + " of request " + request.requestId() + " has no stored response"));
        List<Publication> out = new ArrayList<>(2);
        Optional<byte[]> delivery = earlier.keyDelivery();
        if (earlier.state() == EnrolmentState.KEY_ISSUED && delivery.isPresent()) {
            out.add(Publication.keyDelivery(earlier.device(), delivery.get()));
            metrics.redelivered(KeyForgeMetrics.Redelivery.REPEATED_REQUEST);
        }
        out.add(Publication.response(stored));
        LOG.debug("EG Request {} repeated: answering with the response of enrolment {}{}", request.requestId(),
                earlier.id(), out.size() > 1 ? " and its KeyDelivery again" : "");
        return new ForgeResult(Outcome.REPEATED, out);
    }

    private ForgeResult reject(ValidRequest request, Enrolment enrolment, List<Publication> out, Outcome outcome,
            Rejection.Code code, String message) {
        Rejection rejection = rejection(code, message);
        out.add(Publication.response(responseBuilder(request).setRejection(rejection).build().toByteArray()));
        out.add(events.rejected(enrolment.id(), request, rejection, clock.instant()));
        LOG.info("rejected EG Request {} from gateway {}: {}", request.requestId(), request.gateway(), message);
        return new ForgeResult(outcome, out);
    }

    private static EgResponse.Builder responseBuilder(ValidRequest request) {
        return EgResponse.newBuilder()
                .setRequestId(ByteString.copyFrom(request.requestId().toBytes()))
                .setDeviceIeee(request.device().value())
                .setDeviceShort(request.deviceShort());
    }

    private static Rejection rejection(Rejection.Code code, String message) {
        return Rejection.newBuilder().setCode(code).setMessage(message).build();
    }
}
