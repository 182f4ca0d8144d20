package io.enrolgate.registry.device;

import io.enrolgate.zigbee.IeeeAddress;

/** A device with this IEEE address is registered already; nothing was stored. */
public class DeviceAlreadyExistsException extends RuntimeException {
    private final IeeeAddress ieee;

    public DeviceAlreadyExistsException(IeeeAddress ieee) {
        super("device " + ieee + " is already registered (remove it first to change its install code)");
        this.ieee = ieee;
    }

    public IeeeAddress ieee() {
        return ieee;
    }
}
