package io.enrolgate.demo.core;

import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.installcode.InstallCode;
import java.util.Objects;

/**
 * One simulated device of the demo: its IEEE address, the install code it holds, the install code the registry
 * is given (the same one, except for a deliberately miscoded device), and whether it is a sleepy end device.
 * The install codes are throwaway demo secrets; {@link #toString()} still leaves them out.
 */
public record PlannedDevice(IeeeAddress ieee, InstallCode installCode, InstallCode registeredCode, boolean sleepy) {
    public PlannedDevice {
        Objects.requireNonNull(ieee, "ieee");
        Objects.requireNonNull(installCode, "installCode");
        Objects.requireNonNull(registeredCode, "registeredCode");
    }

    /** Registered with another install code than its own: its enrolment must fail. */
    public boolean miscoded() {
        return !java.util.Arrays.equals(installCode.toBytesWithCrc(), registeredCode.toBytesWithCrc());
    }

    public String mode() {
        return sleepy ? "sleepy" : "rx-on";
    }

    /** The device simulator's line for it: {@code ieee,install_code,mode} (install code in hex, CRC included). */
    public String simulatorLine() {
        return ieee.toTopicHex() + "," + java.util.HexFormat.of().formatHex(installCode.toBytesWithCrc()) + "," + mode();
    }

    @Override
    public String toString() {
        return "PlannedDevice[" + ieee.toTopicHex() + ", " + mode() + (miscoded() ? ", miscoded" : "") + "]";
    }
}
