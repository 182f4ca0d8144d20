package io.enrolgate.serialbridge.support;

import io.enrolgate.zigbee.Hex;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.crypto.Crc16X25;
import io.enrolgate.zigbee.installcode.InstallCode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** A device for {@code eg-device-sim}: its IEEE address and a random 16-byte install code (CRC appended). */
public record SimulatedDevice(IeeeAddress ieee, String installCodeHex, boolean sleepy) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public static List<SimulatedDevice> make(long firstIeee, int count) {
        List<SimulatedDevice> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] code = new byte[16];
            RANDOM.nextBytes(code);
            int crc = Crc16X25.compute(code);
            devices.add(new SimulatedDevice(new IeeeAddress(firstIeee + i),
                    Hex.encode(code) + String.format("%02X%02X", crc & 0xFF, crc >>> 8), i % 3 == 2));
        }
        return devices;
    }

    public InstallCode installCode() {
        return InstallCode.parse(installCodeHex);
    }

    String csvLine() {
        return ieee.toTopicHex() + "," + installCodeHex + "," + (sleepy ? "sleepy" : "rx-on");
    }
}
