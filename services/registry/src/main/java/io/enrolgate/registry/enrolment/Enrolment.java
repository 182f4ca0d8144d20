package io.enrolgate.registry.enrolment;

import io.enrolgate.zigbee.IeeeAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * One EG Request and what became of it. Recorded by key-forge before it answers, so that a repeated
 * request (same {@link RequestId}) gets the stored {@link #responseFrame()} back instead of a second key
 * and a second frame counter, and so that its {@link #keyDelivery()} can be published again until
 * provisioning has taken it. Holds no key in clear: the key is inside the response frame (sealed under the
 * device's key-transport key) and inside the KeyDelivery (sealed with HPKE to provisioning).
 *
 * @param keyIdentifier the key's identifier at the MEF ({@code <RelativeKeyID>@<MEF-FQDN>}), which only the MEF
 *     assigns: empty until provisioning has registered the key (KEY_PROVISIONED)
 * @param frameCounter the APS frame counter used for the Transport Key, once one was allocated
 * @param keySequence the key sequence number sent with the key
 * @param reason why it was rejected or failed
 * @param responseFrame the encoded EgResponse sent (ciphertext or a rejection; not a secret)
 * @param keyDelivery the encoded KeyDelivery for provisioning (the key HPKE-sealed; not a secret), once a key
 *     was issued. Written with the record and never changed: {@link
 *     io.enrolgate.registry.store.RegistryStore#updateEnrolment} leaves the stored one as it is
 */
public record Enrolment(UUID id, RequestId requestId, IeeeAddress device, IeeeAddress gateway,
        Optional<String> keyIdentifier, OptionalLong frameCounter, OptionalInt keySequence, EnrolmentState state,
        Optional<String> reason, Optional<byte[]> responseFrame, Optional<byte[]> keyDelivery, Instant createdAt,
        Instant updatedAt) {

    public static final long MAX_FRAME_COUNTER = 0xFFFF_FFFFL;

    public Enrolment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        frameCounter.ifPresent(counter -> {
            if (counter < 0 || counter > MAX_FRAME_COUNTER) {
                throw new IllegalArgumentException("frame counter " + counter + ": expected 0 to 4294967295");
            }
        });
        keySequence.ifPresent(sequence -> {
            if (sequence < 0 || sequence > 255) {
                throw new IllegalArgumentException("key sequence " + sequence + ": expected 0 to 255");
            }
        });
        Objects.requireNonNull(keyDelivery, "keyDelivery");
        responseFrame = responseFrame.map(byte[]::clone);
        keyDelivery = keyDelivery.map(byte[]::clone);
    }

    /**
     * A record without a KeyDelivery, field for field otherwise: for updates of state, key identifier or reason
     * (which leave the stored KeyDelivery as it is).
     */
    public Enrolment(UUID id, RequestId requestId, IeeeAddress device, IeeeAddress gateway,
            Optional<String> keyIdentifier, OptionalLong frameCounter, OptionalInt keySequence, EnrolmentState state,
            Optional<String> reason, Optional<byte[]> responseFrame, Instant createdAt, Instant updatedAt) {
        this(id, requestId, device, gateway, keyIdentifier, frameCounter, keySequence, state, reason, responseFrame,
                Optional.empty(), createdAt, updatedAt);
    }

    /** A request just received: state REQUESTED, nothing allocated yet. */
    public static Enrolment requested(RequestId requestId, IeeeAddress device, IeeeAddress gateway, Instant now) {
        return new Enrolment(UUID.randomUUID(), requestId, device, gateway, Optional.empty(), OptionalLong.empty(),
                OptionalInt.empty(), EnrolmentState.REQUESTED, Optional.empty(), Optional.empty(), Optional.empty(),
                now, now);
    }

    @Override
    public Optional<byte[]> responseFrame() {
        return responseFrame.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> keyDelivery() {
        return keyDelivery.map(byte[]::clone);
    }

    /**
     * Issued: the Transport Key was forged with {@code frameCounter} and {@code keySequence}, answered with
     * {@code responseFrame}, and the key handed to provisioning as {@code keyDelivery}. No key identifier yet:
     * the MEF assigns it when provisioning registers the key.
     */
    public Enrolment withKeyIssued(long frameCounter, int keySequence, byte[] responseFrame, byte[] keyDelivery,
            Instant now) {
        return new Enrolment(id, requestId, device, gateway, Optional.empty(), OptionalLong.of(frameCounter),
                OptionalInt.of(keySequence), EnrolmentState.KEY_ISSUED, reason, Optional.of(responseFrame),
                Optional.of(keyDelivery), createdAt, now);
    }

    /**
     * Issued, with a key identifier already known and no KeyDelivery: for tests that stand in for key-forge
     * and provisioning at once. key-forge itself uses {@link #withKeyIssued(long, int, byte[], byte[], Instant)}.
     */
    public Enrolment withKeyIssued(String keyIdentifier, long frameCounter, int keySequence, byte[] responseFrame,
            Instant now) {
        return new Enrolment(id, requestId, device, gateway, Optional.of(keyIdentifier), OptionalLong.of(frameCounter),
                OptionalInt.of(keySequence), EnrolmentState.KEY_ISSUED, reason, Optional.of(responseFrame),
                Optional.empty(), createdAt, now);
    }

    public Enrolment withRejection(String reason, byte[] responseFrame, Instant now) {
        return new Enrolment(id, requestId, device, gateway, keyIdentifier, frameCounter, keySequence,
                EnrolmentState.REJECTED, Optional.of(reason), Optional.of(responseFrame), keyDelivery, createdAt, now);
    }

    /** The same record, changed at {@code now} (nothing else changes): a redelivery's claim. */
    public Enrolment touchedAt(Instant now) {
        return new Enrolment(id, requestId, device, gateway, keyIdentifier, frameCounter, keySequence, state, reason,
                responseFrame, keyDelivery, createdAt, now);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Enrolment that && id.equals(that.id) && requestId.equals(that.requestId)
                && device.equals(that.device) && gateway.equals(that.gateway)
                && keyIdentifier.equals(that.keyIdentifier) && frameCounter.equals(that.frameCounter)
                && keySequence.equals(that.keySequence) && state == that.state && reason.equals(that.reason)
                && Arrays.equals(responseFrame.orElse(null), that.responseFrame.orElse(null))
                && Arrays.equals(keyDelivery.orElse(null), that.keyDelivery.orElse(null))
                && createdAt.equals(that.createdAt) && updatedAt.equals(that.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, requestId, device, state);
    }

    @Override
    public String toString() {
        return "Enrolment[id=" + id + ", request=" + requestId + ", device=" + device + ", gateway=" + gateway
                + ", state=" + state + ", frameCounter=" + frameCounter + ", key=" + keyIdentifier.orElse("none")
                + (keyDelivery.isPresent() ? ", with KeyDelivery" : "") + "]";
    }
}
