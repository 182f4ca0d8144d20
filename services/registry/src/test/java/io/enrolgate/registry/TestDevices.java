package io.enrolgate.registry;

import io.enrolgate.registry.device.NewDevice;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.installcode.InstallCode;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/** Devices for tests: one with the install code of the Zigbee examples, and random ones. */
public final class TestDevices {
    /** The 16-byte install code (with CRC C3B5) of the Zigbee Base Device Behavior examples. */
    public static final String KNOWN_CODE_HEX = "83FED3407A939723A5C639B26916D505C3B5";
    /** Its link key, AES-MMO of the code and CRC. */
    public static final String KNOWN_LINK_KEY_HEX = "66B6900981E1EE3CA4206B6B861C02BB";
    public static final IeeeAddress KNOWN_IEEE = IeeeAddress.parse("000D6F000A0B0C0D");

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestDevices() {
    }

    public static NewDevice known() {
        return new NewDevice(KNOWN_IEEE, InstallCode.parse(KNOWN_CODE_HEX), List.of("CAdmin", "/in-cse/Capp"),
                Map.of("room", "kitchen", "model", "bulb-e27"));
    }

    public static NewDevice random() {
        return new NewDevice(new IeeeAddress(RANDOM.nextLong()), randomCode(), List.of(), Map.of());
    }

    public static InstallCode randomCode() {
        byte[] code = new byte[16];
        RANDOM.nextBytes(code);
        return InstallCode.withComputedCrc(code);
    }
}
