package io.enrolgate.provisioning.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.common.hpke.HpkePrivateKey;
import io.enrolgate.common.hpke.KeyDeliverySeal;
import io.enrolgate.common.hpke.KeyOpener;
import io.enrolgate.common.hpke.KeySealer;
import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.proto.v1.KeyDelivery;
import io.enrolgate.provisioning.core.DeliveryRejectedException.Reason;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyDeliveryOpenerTest {
    private static final IeeeAddress DEVICE = IeeeAddress.parse("000D6F000A0B0C0D");
    private static final byte[] KEY = HexFormat.of().parseHex("2B7E151628AED2A6ABF7158809CF4F3C");
    private final HpkePrivateKey privateKey = HpkePrivateKey.generate(new SecureRandom());
    private final KeyDeliveryOpener opener = new KeyDeliveryOpener(new KeyOpener(privateKey, KeyDeliverySeal.INFO));
    private final KeySealer sealer = new KeySealer(privateKey.publicKey(), KeyDeliverySeal.INFO);
    private final String topic = EnrolgateTopics.keys(DEVICE);

    private KeyDelivery.Builder delivery(String enrolmentId, long device, byte[] key) {
        return KeyDelivery.newBuilder().setEnrolmentId(enrolmentId).setDeviceIeee(device).setKeySequence(3)
                .setSealedKey(sealer.seal(key, KeyDeliverySeal.associatedData(enrolmentId, device)));
    }

    @Test
    void opensTheKeyKeyForgeSealed() throws Exception {
        String id = UUID.randomUUID().toString();
        OpenedDelivery opened = opener.open(topic, delivery(id, DEVICE.value(), KEY).build().toByteArray());
        assertThat(opened.key()).isEqualTo(SymmetricKey.of(KEY));
        assertThat(opened.enrolmentId()).hasToString(id);
        assertThat(opened.device()).isEqualTo(DEVICE);
        assertThat(opened.keySequence()).isEqualTo(3);
        assertThat(opened.toString()).doesNotContain("2B7E", "2b7e");
    }

    @Test
    void aSealMovedToAnotherEnrolmentOrDeviceDoesNotOpen() {
        KeyDelivery genuine = delivery(UUID.randomUUID().toString(), DEVICE.value(), KEY).build();
        byte[] otherEnrolment = genuine.toBuilder().setEnrolmentId(UUID.randomUUID().toString()).build().toByteArray();
        assertThatThrownBy(() -> opener.open(topic, otherEnrolment)).isInstanceOfSatisfying(
                DeliveryRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNOPENABLE));
        IeeeAddress other = IeeeAddress.parse("000D6F000A0B0C0E");
        byte[] otherDevice = genuine.toBuilder().setDeviceIeee(other.value()).build().toByteArray();
        assertThatThrownBy(() -> opener.open(EnrolgateTopics.keys(other), otherDevice)).isInstanceOfSatisfying(
                DeliveryRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNOPENABLE));
    }

    @Test
    void refusesWhatIsNotAWellFormedDeliveryOnItsTopic() {
        assertRejected(topic, new byte[] {(byte) 0xFF, 1, 2}, Reason.MALFORMED);
        assertRejected(topic, delivery("not-a-uuid", DEVICE.value(), KEY).build().toByteArray(), Reason.MALFORMED);
        assertRejected(topic, delivery(UUID.randomUUID().toString(), DEVICE.value(), KEY).clearSealedKey().build()
                .toByteArray(), Reason.MALFORMED);
        assertRejected(topic, delivery(UUID.randomUUID().toString(), DEVICE.value(), new byte[32]).build().toByteArray(),
                Reason.MALFORMED);
        assertRejected("enrolgate/v1/keys/000d6f000a0b0c0e", delivery(UUID.randomUUID().toString(), DEVICE.value(), KEY)
                .build().toByteArray(), Reason.TOPIC_MISMATCH);
        assertRejected("enrolgate/v1/keys/000D6F000A0B0C0D", delivery(UUID.randomUUID().toString(), DEVICE.value(), KEY)
                .build().toByteArray(), Reason.TOPIC_MISMATCH);
    }

    private void assertRejected(String on, byte[] payload, Reason reason) {
        assertThatThrownBy(() -> opener.open(on, payload)).isInstanceOfSatisfying(DeliveryRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
