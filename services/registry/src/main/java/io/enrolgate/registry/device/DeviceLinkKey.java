package io.enrolgate.registry.device;

import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;

/**
 * What key-forge needs to serve a device's request: the link key derived from its install code
 * (decrypted), whether it may enrol, and its last key sequence number. {@link SymmetricKey#toString()}
 * is redacted, so this record is safe to log.
 */
public record DeviceLinkKey(IeeeAddress ieee, DeviceStatus status, int keySequence, SymmetricKey linkKey) {
}
