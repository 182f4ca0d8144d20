package io.enrolgate.demo.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.zigbee.SymmetricKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DemoProgressTest {
    private static final String KEY = "2b7e151628aed2a6abf7158809cf4f3c";
    private static final String OTHER = "000102030405060708090a0b0c0d0e0f";

    private final DemoPlan plan = DemoPlan.create(DemoOptions.defaults().withDevices(3).withMiscoded(1), new Random(7));
    private final List<DeviceState> changes = new ArrayList<>();
    private final DemoProgress progress = new DemoProgress(plan, (device, counts) -> changes.add(device));

    private String ieee(int i) {
        return plan.devices().get(i).ieee().toTopicHex();
    }

    private static String installed(String ieee, String key, long latency) {
        return "{\"ieee\":\"" + ieee + "\",\"outcome\":\"key_installed\",\"detail\":\"\",\"mode\":\"rx-on\","
                + "\"short\":\"1234\",\"key_fingerprint\":\"x\",\"key\":\"" + key + "\",\"timings_ms\":{\"scan\":10,"
                + "\"association\":20,\"association_to_key\":" + latency + "},\"counters\":{}}";
    }

    @Test
    void aDeviceSucceedsWhenItsInstalledKeyIsTheRetrievedOne() {
        progress.keyIssued(plan.devices().get(0).ieee());
        progress.reported(DeviceReport.parse(installed(ieee(0), KEY, 120)));
        assertThat(progress.snapshot().get(0).settled()).isFalse();

        progress.retrieved(plan.devices().get(0).ieee(), SymmetricKey.fromHex(KEY));

        DeviceState state = progress.snapshot().get(0);
        assertThat(state.succeeded()).isTrue();
        assertThat(state.settled()).isTrue();
        assertThat(state.installedFingerprint()).contains(SymmetricKey.fromHex(KEY).fingerprint());
        assertThat(state.retrievedFingerprints()).containsExactly(SymmetricKey.fromHex(KEY).fingerprint());
        assertThat(state.latencyMillis()).hasValue(120);
        assertThat(state.failure()).isEmpty();
        assertThat(state.report().orElseThrow().installedKey()).as("snapshots carry no key").isEmpty();
    }

    @Test
    void retrievalBeforeTheReportIsComparedToo() {
        progress.retrieved(plan.devices().get(1).ieee(), SymmetricKey.fromHex(OTHER));
        progress.reported(DeviceReport.parse(installed(ieee(1), KEY, 50)));

        DeviceState state = progress.snapshot().get(1);
        assertThat(state.equal()).contains(false);
        assertThat(state.failure()).contains("installed key differs from the key the oneM2M application retrieved");

        progress.retrieved(plan.devices().get(1).ieee(), SymmetricKey.fromHex(KEY));
        assertThat(progress.snapshot().get(1).succeeded()).isTrue();
    }

    @Test
    void aMiscodedDeviceTimesOutAndFailsOnceItsKeyWasRetrieved() {
        var miscoded = plan.devices().get(2).ieee();
        progress.keyIssued(miscoded);
        progress.reported(DeviceReport.parse("{\"ieee\":\"" + ieee(2) + "\",\"outcome\":\"key_timeout\",\"detail\":"
                + "\"no valid Transport Key\",\"mode\":\"rx-on\",\"short\":\"0042\",\"timings_ms\":{\"scan\":1}}"));
        assertThat(progress.snapshot().get(2).settled()).as("its issued key is still on its way").isFalse();

        progress.provisioned(miscoded);
        progress.retrieved(miscoded, SymmetricKey.fromHex(KEY));

        DeviceState state = progress.snapshot().get(2);
        assertThat(state.settled()).isTrue();
        assertThat(state.succeeded()).isFalse();
        assertThat(state.joined()).isTrue();
        assertThat(state.keyInstalled()).isFalse();
        assertThat(state.failure()).contains("device: key_timeout (no valid Transport Key)");
    }

    @Test
    void rejectionAndUnknownDevices() {
        progress.rejected(plan.devices().get(0).ieee(), "UNKNOWN_DEVICE");
        progress.requested(new io.enrolgate.zigbee.IeeeAddress(0x1234));
        progress.reported(DeviceReport.parse("{\"ieee\":\"" + ieee(0) + "\",\"outcome\":\"key_timeout\"}"));

        assertThat(progress.snapshot().get(0).settled()).isTrue();
        assertThat(progress.snapshot().get(0).failure()).contains("rejected by key-forge: UNKNOWN_DEVICE");
        assertThat(progress.knows(new io.enrolgate.zigbee.IeeeAddress(0x1234))).isFalse();
        assertThat(changes).hasSize(2);
    }

    @Test
    void countsAndSettled() {
        for (int i = 0; i < 3; i++) {
            progress.keyIssued(plan.devices().get(i).ieee());
            progress.reported(DeviceReport.parse(installed(ieee(i), KEY, 10 * (i + 1))));
            progress.retrieved(plan.devices().get(i).ieee(), SymmetricKey.fromHex(i == 2 ? OTHER : KEY));
        }
        ProgressCounts counts = progress.counts();
        assertThat(counts).isEqualTo(new ProgressCounts(3, 3, 3, 3, 3, 2, 3, 1));
        assertThat(progress.settled()).isTrue();
        assertThat(progress.allReported()).isTrue();
    }

    @Test
    void reportsAreParsedStrictlyWithoutQuotingTheLine() {
        String secret = "{\"ieee\":\"zz\",\"key\":\"" + KEY + "\",\"outcome\":\"key_installed\"}";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeviceReport.parse(secret))
                .hasMessageNotContaining(KEY).hasMessageContaining("IEEE");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeviceReport.parse("{\"ieee\":\"" + ieee(0)
                + "\",\"outcome\":\"key_installed\",\"key\":\"abcd\"}")).hasMessageContaining("2 bytes");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeviceReport.parse("not json"))
                .hasMessageContaining("not JSON");
        DeviceReport report = DeviceReport.parse(installed(ieee(0), KEY, 5));
        assertThat(report.toString()).doesNotContain(KEY).doesNotContain(KEY.toUpperCase());
        assertThat(HexFormat.of().formatHex(report.installedKey().orElseThrow().toBytes())).isEqualTo(KEY);
    }
}
