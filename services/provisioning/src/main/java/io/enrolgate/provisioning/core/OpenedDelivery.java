package io.enrolgate.provisioning.core;

import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import java.util.Objects;
import java.util.UUID;

/**
 * A KeyDelivery whose seal was opened: the Zigbee key the device received, with the delivery's identity.
 * Lives only in memory, for one provisioning attempt; {@link #toString()} never shows the key.
 */
public record OpenedDelivery(UUID enrolmentId, IeeeAddress device, int keySequence, byte[] requestId,
        SymmetricKey key) {
    public OpenedDelivery {
        Objects.requireNonNull(enrolmentId, "enrolmentId");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(key, "key");
        requestId = requestId.clone();
    }

    @Override
    public byte[] requestId() {
        return requestId.clone();
    }

    @Override
    public String toString() {
        return "OpenedDelivery[enrolment=" + enrolmentId + ", device=" + device + ", keySequence=" + keySequence
                + ", key=" + key + "]";
    }
}
