package io.enrolgate.demo.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.zigbee.SymmetricKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SummaryTableTest {
    private static final String KEY = "2b7e151628aed2a6abf7158809cf4f3c";

    @Test
    void percentilesByNearestRank() {
        List<Long> hundred = LongStream.rangeClosed(1, 100).boxed().toList();
        assertThat(Percentiles.nearestRank(hundred, 50)).hasValue(50);
        assertThat(Percentiles.nearestRank(hundred, 99)).hasValue(99);
        assertThat(Percentiles.nearestRank(List.of(7L), 99)).hasValue(7);
        assertThat(Percentiles.nearestRank(List.of(30L, 10L, 20L), 50)).hasValue(20);
        assertThat(Percentiles.nearestRank(List.of(), 50)).isEmpty();
    }

    @Test
    void summaryOfARunWhereEveryKeyIsEqual() {
        DemoPlan plan = DemoPlan.create(DemoOptions.defaults().withDevices(2).withSleepy(1), new Random(1));
        DemoProgress progress = new DemoProgress(plan, ProgressListener.NONE);
        for (int i = 0; i < 2; i++) {
            var ieee = plan.devices().get(i).ieee();
            progress.keyIssued(ieee);
            progress.reported(DeviceReport.parse("{\"ieee\":\"" + ieee.toTopicHex() + "\",\"outcome\":\"key_installed\","
                    + "\"short\":\"0001\",\"key\":\"" + KEY + "\",\"timings_ms\":{\"association_to_key\":" + (100 + i) + "}}"));
            progress.retrieved(ieee, SymmetricKey.fromHex(KEY));
        }
        DemoSummary summary = DemoSummary.of(progress.snapshot());

        List<String> lines = SummaryTable.render(summary);
        String fingerprint = SymmetricKey.fromHex(KEY).fingerprint();
        assertThat(summary.exitStatus()).isZero();
        assertThat(lines.get(0)).startsWith("device").contains("joined", "key installed", "oneM2M retrieved", "equal");
        assertThat(lines.get(2)).contains("00124b00de300001", "rx-on", "yes", fingerprint, "100 ms");
        assertThat(lines.get(3)).contains("00124b00de300002", "sleepy", "101 ms");
        assertThat(lines).contains("2 devices: 2 joined, 2 installed a key, 2 keys retrieved by the oneM2M application,"
                + " 2 equal, 0 failed", "association → key installed: p50 100 ms, p99 101 ms (2 devices)");
        assertThat(String.join("\n", lines)).doesNotContain(KEY).doesNotContain(KEY.toUpperCase());
    }

    @Test
    void aFailureMakesTheExitStatusNonZeroAndIsNamed() {
        DemoPlan plan = DemoPlan.create(DemoOptions.defaults().withDevices(1).withMiscoded(1), new Random(1));
        DemoProgress progress = new DemoProgress(plan, ProgressListener.NONE);
        var ieee = plan.devices().get(0).ieee();
        progress.reported(DeviceReport.parse("{\"ieee\":\"" + ieee.toTopicHex() + "\",\"outcome\":\"key_timeout\","
                + "\"short\":\"0001\"}"));

        DemoSummary summary = DemoSummary.of(progress.snapshot());

        assertThat(summary.exitStatus()).isEqualTo(1);
        assertThat(SummaryTable.render(summary)).contains("FAILED 00124b00de300001: device: key_timeout",
                "association → key installed: no device installed a key",
                "* registered with a wrong install code on purpose (--miscoded): expected to fail");
        assertThat(SummaryTable.render(summary).get(2)).contains("rx-on*", "yes", "no", "NO", "-");
    }

    @Test
    void progressLinesAndBar() {
        DemoPlan plan = DemoPlan.create(DemoOptions.defaults().withDevices(2), new Random(1));
        StringWriter text = new StringWriter();
        DemoProgress progress = new DemoProgress(plan, new ProgressRenderer.Lines(new PrintWriter(text)));
        var ieee = plan.devices().get(0).ieee();
        progress.requested(ieee);
        progress.reported(DeviceReport.parse("{\"ieee\":\"" + ieee.toTopicHex() + "\",\"outcome\":\"key_installed\","
                + "\"short\":\"0001\",\"key\":\"" + KEY + "\",\"timings_ms\":{\"association_to_key\":42}}"));
        progress.retrieved(ieee, SymmetricKey.fromHex(KEY));

        String fingerprint = SymmetricKey.fromHex(KEY).fingerprint();
        assertThat(text.toString().lines().toList()).containsExactly(
                "[1/2] 00124b00de300001 joined and installed key " + fingerprint + " 42 ms after its association",
                "[1/2] 00124b00de300001 oneM2M application retrieved key " + fingerprint
                        + " from the MEF: equal to the installed key");
        assertThat(ProgressRenderer.Bar.line(progress.counts()))
                .isEqualTo("[###############...............] 1/2  joined 1 · key installed 1 · retrieved 1 · equal 1");
    }

    @Test
    void tsharkHintListsThrowawayLinkKeysAndAQuotedCommand() {
        DemoPlan plan = DemoPlan.create(DemoOptions.defaults().withDevices(2).withMiscoded(1), new Random(1));
        List<String> lines = TsharkHint.render(Path.of("/tmp/my demo.pcap"), plan);
        String linkKey = plan.devices().get(0).installCode().linkKey().toHexUnsafe();

        assertThat(String.join("\n", lines)).contains("THROWAWAY DEMO KEYS", linkKey, "registered by mistake");
        String command = TsharkHint.command(Path.of("/tmp/my demo.pcap"), plan);
        assertThat(command).startsWith("tshark -r '/tmp/my demo.pcap' -o 'uat:zigbee_pc_keys:\"" + linkKey
                + "\",\"Normal\",\"00124b00de300001\"'").endsWith("-Y zbee_aps.cmd.key -T fields -e zbee_aps.cmd.dst"
                + " -e zbee_aps.cmd.key");
        assertThat(command.split(" -o ")).hasSize(4);
    }
}
