package io.enrolgate.registry.device;

/** Whether key-forge may issue a key to the device. A disabled device's requests are rejected. */
public enum DeviceStatus {
    ACTIVE,
    DISABLED
}
