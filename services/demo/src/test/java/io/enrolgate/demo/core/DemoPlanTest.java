package io.enrolgate.demo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DemoPlanTest {
    @Test
    void devicesHaveDistinctAddressesAndFreshCodesOfEveryLength() {
        DemoPlan plan = DemoPlan.create(DemoOptions.defaults().withDevices(8), new Random(1));

        assertThat(plan.devices()).hasSize(8);
        assertThat(plan.devices().stream().map(PlannedDevice::ieee).distinct()).hasSize(8);
        assertThat(plan.devices().stream().map(d -> d.installCode().toBytesWithCrc().length - 2).toList())
                .containsExactly(16, 8, 12, 6, 16, 8, 12, 6);
        Set<String> codes = new HashSet<>();
        plan.devices().forEach(d -> codes.add(java.util.HexFormat.of().formatHex(d.installCode().toBytesWithCrc())));
        assertThat(codes).hasSize(8);
        assertThat(plan.devices()).noneMatch(PlannedDevice::miscoded).noneMatch(PlannedDevice::sleepy);
    }

    @Test
    void sleepyDevicesAreSpreadAndCountedExactly() {
        for (int n : List.of(1, 3, 10, 100)) {
            for (int k = 0; k <= n; k++) {
                int count = n;
                int sleepy = k;
                long actual = IntStream.range(0, n).filter(i -> DemoPlan.isSleepy(i, count, sleepy)).count();
                assertThat(actual).as("%d of %d", k, n).isEqualTo(k);
            }
        }
        DemoPlan plan = DemoPlan.create(DemoOptions.defaults().withDevices(10).withSleepy(2), new Random(2));
        assertThat(plan.devices().stream().filter(PlannedDevice::sleepy).map(d -> plan.devices().indexOf(d)).toList())
                .containsExactly(4, 9);
    }

    @Test
    void miscodedDevicesAreRegisteredWithAnotherCode() {
        DemoPlan plan = DemoPlan.create(DemoOptions.defaults().withDevices(3).withMiscoded(1), new Random(3));

        assertThat(plan.devices().get(2).miscoded()).isTrue();
        assertThat(plan.devices().get(2).installCode().linkKey()).isNotEqualTo(plan.devices().get(2).registeredCode().linkKey());
        assertThat(plan.devices().subList(0, 2)).noneMatch(PlannedDevice::miscoded);
    }

    @Test
    void simulatorLineAndToString() {
        PlannedDevice device = DemoPlan.create(DemoOptions.defaults().withDevices(1).withSleepy(1), new Random(4))
                .devices().get(0);

        assertThat(device.simulatorLine()).matches("00124b00de300001,[0-9a-f]{36},sleepy");
        String code = java.util.HexFormat.of().formatHex(device.installCode().toBytesWithCrc());
        assertThat(device.toString()).doesNotContain(code).contains("00124b00de300001");
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> DemoOptions.defaults().withDevices(0)).hasMessageContaining("--devices 0");
        assertThatThrownBy(() -> DemoOptions.defaults().withDevices(257)).hasMessageContaining("1..256");
        assertThatThrownBy(() -> DemoOptions.defaults().withDevices(3).withSleepy(4)).hasMessageContaining("--sleepy 4");
        assertThat(DemoOptions.defaults().withStateDirectory(java.nio.file.Path.of("x")).pcap())
                .isEqualTo(java.nio.file.Path.of("x", "demo.pcap"));
    }
}
