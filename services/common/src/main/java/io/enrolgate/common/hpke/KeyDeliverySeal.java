package io.enrolgate.common.hpke;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * How a network key is sealed in a {@code KeyDelivery} (key-forge → provisioning): the info string and
 * the associated data, in one place for both sides. The associated data is the enrolment id and the
 * device IEEE, so that a seal lifted from one delivery fails to open in another.
 */
public final class KeyDeliverySeal {
    /** The HPKE info string: this seal carries a Zigbee network key delivered by key-forge. */
    public static final String INFO = "enrolgate/v1 key-delivery network-key";

    private KeyDeliverySeal() {
    }

    /** UTF-8 enrolment id, a 0x00 separator (ids never contain it), then the device IEEE as 8 bytes big-endian. */
    public static byte[] associatedData(String enrolmentId, long deviceIeee) {
        byte[] id = enrolmentId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(id.length + 1 + Long.BYTES).put(id).put((byte) 0).putLong(deviceIeee).array();
    }
}
