package io.enrolgate.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.cli.CommandRun;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command's options and how it finds the checkout; the whole demo runs in services/demo's integration test. */
class DemoCommandTest {
    @Test
    void helpNamesEveryOptionOfTheIssue() {
        CommandRun run = CommandRun.of("demo", "--help");

        assertThat(run.exitStatus()).isZero();
        assertThat(run.out()).contains("--devices=N", "--pcap=FILE", "--keep-running", "--serial=PATH", "--sleepy=K",
                "--miscoded=K", "Exit status: 0 every device's installed key equals");
        assertThat(CommandRun.of("--help").out()).contains("demo");
    }

    @Test
    void badCountsAreRefusedWithExitStatus2() {
        CommandRun none = CommandRun.of("demo", "--devices", "0");
        CommandRun tooSleepy = CommandRun.of("demo", "--devices", "3", "--sleepy", "4");
        CommandRun tooMany = CommandRun.of("demo", "--devices", "257");

        assertThat(none.exitStatus()).isEqualTo(2);
        assertThat(none.err()).contains("--devices 0: expected 1..256");
        assertThat(tooSleepy.exitStatus()).isEqualTo(2);
        assertThat(tooSleepy.err()).contains("--sleepy 4: expected 0..3");
        assertThat(tooMany.exitStatus()).isEqualTo(2);
    }

    @Test
    void aMissingSerialPortIsRefused() {
        CommandRun run = CommandRun.of("demo", "--serial", "/dev/no-such-gateway");

        assertThat(run.exitStatus()).isEqualTo(2);
        assertThat(run.err()).contains("--serial /dev/no-such-gateway: no such device");
    }

    @Test
    void findsTheCheckoutAboveTheJarOrTheWorkingDirectory() {
        Path checkout = Path.of("../..").toAbsolutePath().normalize();

        assertThat(DemoCommand.home(Map.of())).contains(checkout);
        assertThat(DemoCommand.home(Map.of("ENROLGATE_HOME", checkout.toString()))).contains(checkout);
        assertThat(DemoCommand.home(Map.of("ENROLGATE_HOME", "/nonexistent"))).isEmpty();
    }
}
