package io.enrolgate.provisioning.core;

import com.google.protobuf.InvalidProtocolBufferException;
import io.enrolgate.common.hpke.HpkeOpenException;
import io.enrolgate.common.hpke.KeyDeliverySeal;
import io.enrolgate.common.hpke.KeyOpener;
import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.proto.v1.KeyDelivery;
import io.enrolgate.provisioning.core.DeliveryRejectedException.Reason;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * Reads a {@code KeyDelivery} (protobuf, as key-forge publishes it on {@code enrolgate/v1/keys/{device}}) and
 * opens its HPKE seal with provisioning's private key, under the info string and associated data of
 * {@link KeyDeliverySeal} (the enrolment id and the device IEEE): a seal lifted into another delivery, or a
 * delivery whose enrolment id or device was changed on the way, does not open. Thread-safe.
 */
public final class KeyDeliveryOpener {
    private final KeyOpener opener;

    public KeyDeliveryOpener(KeyOpener opener) {
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** The recipient key id this opener holds (for logs: it is public). */
    public String recipientKeyId() {
        return opener.keyId();
    }

    /**
     * Parses and opens a delivery received on {@code topic}.
     *
     * @throws DeliveryRejectedException when it is malformed, names another device than its topic, or does not open
     */
    public OpenedDelivery open(String topic, byte[] payload) throws DeliveryRejectedException {
        KeyDelivery delivery = parse(payload);
        IeeeAddress device = new IeeeAddress(delivery.getDeviceIeee());
        IeeeAddress ofTopic = EnrolgateTopics.deviceOfKeysTopic(topic).orElseThrow(() -> new DeliveryRejectedException(
                Reason.TOPIC_MISMATCH, "topic " + topic + " is not enrolgate/v1/keys/{16 lower-case hex digits}"));
        if (!ofTopic.equals(device)) {
            throw new DeliveryRejectedException(Reason.TOPIC_MISMATCH, "KeyDelivery for device " + device
                    + " was published on the topic of device " + ofTopic);
        }
        return open(delivery);
    }

    /** Opens a delivery stored as received (its topic was checked when it was accepted). */
    public OpenedDelivery open(byte[] payload) throws DeliveryRejectedException {
        return open(parse(payload));
    }

    private OpenedDelivery open(KeyDelivery delivery) throws DeliveryRejectedException {
        UUID enrolmentId = enrolmentId(delivery);
        byte[] plaintext;
        try {
            plaintext = opener.open(delivery.getSealedKey(),
                    KeyDeliverySeal.associatedData(delivery.getEnrolmentId(), delivery.getDeviceIeee()));
        } catch (HpkeOpenException e) {
            throw new DeliveryRejectedException(Reason.UNOPENABLE, "KeyDelivery of enrolment " + enrolmentId + ": "
                    + e.getMessage());
        }
        try {
            if (plaintext.length != SymmetricKey.LENGTH) {
                throw new DeliveryRejectedException(Reason.MALFORMED, "KeyDelivery of enrolment " + enrolmentId
                        + " seals " + plaintext.length + " bytes: expected a " + SymmetricKey.LENGTH + "-byte Zigbee key");
            }
            return new OpenedDelivery(enrolmentId, new IeeeAddress(delivery.getDeviceIeee()), delivery.getKeySequence(),
                    delivery.getRequestId().toByteArray(), SymmetricKey.of(plaintext));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** The enrolment id and device of a delivery, without opening it. */
    public static KeyDelivery parse(byte[] payload) throws DeliveryRejectedException {
        KeyDelivery delivery;
        try {
            delivery = KeyDelivery.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new DeliveryRejectedException(Reason.MALFORMED, "not a KeyDelivery (" + payload.length
                    + " bytes): " + e.getMessage());
        }
        enrolmentId(delivery);
        if (!delivery.hasSealedKey()) {
            throw new DeliveryRejectedException(Reason.MALFORMED, "KeyDelivery of enrolment "
                    + delivery.getEnrolmentId() + " has no sealed key");
        }
        if (delivery.getKeySequence() > 255) {
            throw new DeliveryRejectedException(Reason.MALFORMED, "KeyDelivery of enrolment "
                    + delivery.getEnrolmentId() + " has key sequence " + delivery.getKeySequence() + ": expected 0 to 255");
        }
        return delivery;
    }

    private static UUID enrolmentId(KeyDelivery delivery) throws DeliveryRejectedException {
        String text = delivery.getEnrolmentId();
        try {
            UUID id = UUID.fromString(text);
            if (!id.toString().equals(text)) {
                throw new IllegalArgumentException("not canonical");
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw new DeliveryRejectedException(Reason.MALFORMED, "KeyDelivery enrolment id '"
                    + text.substring(0, Math.min(text.length(), 64)).replaceAll("[^\\x20-\\x7e]", "?")
                    + "' is not a UUID in canonical form");
        }
    }
}
