package io.enrolgate.demo.core;

import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.installcode.InstallCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The devices of one demo run: consecutive IEEE addresses, fresh random install codes of every length the
 * standard allows (16, 8, 12, 6 bytes in turn), the sleepy devices spread evenly among them, and the miscoded
 * ones (registered with another random code) last.
 */
public record DemoPlan(List<PlannedDevice> devices) {
    /** The first device's IEEE address: an OUI-like prefix that reads as "demo" in a capture. */
    public static final long FIRST_IEEE = 0x00124B00DE300001L;
    private static final int[] CODE_LENGTHS = {16, 8, 12, 6};

    public DemoPlan {
        devices = List.copyOf(devices);
    }

    public static DemoPlan create(DemoOptions options, RandomGenerator random) {
        int count = options.devices();
        List<PlannedDevice> devices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            InstallCode code = randomCode(CODE_LENGTHS[i % CODE_LENGTHS.length], random);
            boolean miscoded = i >= count - options.miscoded();
            InstallCode registered = code;
            while (miscoded && Arrays.equals(registered.toBytesWithCrc(), code.toBytesWithCrc())) {
                registered = randomCode(16, random);
            }
            devices.add(new PlannedDevice(new IeeeAddress(FIRST_IEEE + i), code, registered,
                    isSleepy(i, count, options.sleepy())));
        }
        return new DemoPlan(devices);
    }

    /** Device {@code index} is sleepy when the running share of sleepy devices steps up at it: K spread over N. */
    static boolean isSleepy(int index, int count, int sleepy) {
        return (long) (index + 1) * sleepy / count > (long) index * sleepy / count;
    }

    private static InstallCode randomCode(int length, RandomGenerator random) {
        byte[] code = new byte[length];
        random.nextBytes(code);
        try {
            return InstallCode.withComputedCrc(code);
        } finally {
            Arrays.fill(code, (byte) 0);
        }
    }

    public Optional<PlannedDevice> find(IeeeAddress ieee) {
        return devices.stream().filter(d -> d.ieee().equals(ieee)).findFirst();
    }

    public int size() {
        return devices.size();
    }
}
