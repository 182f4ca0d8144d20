package io.enrolgate.testfixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    @Test
    void capturesStdoutAndStderrInTheLogAndReportsTheExitStatus() {
        try (ChildProcess process = bash("echo one; echo two >&2; exit 3")) {
            assertThat(process.awaitExit(PATIENCE)).isTrue();
            assertThat(process.exitStatus()).isEqualTo(3);
            assertThat(process.log().lines()).containsExactly("one", "two");
            assertThat(process.isAlive()).isFalse();
        }
    }

    @Test
    void awaitLineReturnsTheFirstMatchingLineWhileTheProcessRuns() {
        try (ChildProcess process = bash("echo starting; echo 'PORT=4711'; echo 'PORT=1'; exec sleep 60")) {
            assertThat(process.awaitLine("a PORT= line", line -> line.startsWith("PORT="), PATIENCE)).isEqualTo("PORT=4711");
            assertThat(process.isAlive()).isTrue();
        }
    }

    @Test
    void awaitLineFailsWithTheExitStatusAndTheLastLinesWhenTheProcessEndsFirst() {
        try (ChildProcess process = bash("echo 'cannot open /dev/ttyX'; exit 2")) {
            assertThatThrownBy(() -> process.awaitLine("a line 'ready'", "ready"::equals, PATIENCE))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("test-child exited with status 2 before a line 'ready'")
                    .hasMessageContaining("cannot open /dev/ttyX")
                    .hasMessageContaining(directory.resolve("child.log").toString());
        }
    }

    @Test
    void awaitLineFailsAfterTheTimeoutWithOnlyTheLastLines() {
        // 50 lines, then silence: the message quotes the last 40 and not the first.
        try (ChildProcess process = bash("for i in $(seq 1 50); do echo line-$i; done; exec sleep 60")) {
            process.awaitLine("line-50", "line-50"::equals, PATIENCE);
            assertThatThrownBy(() -> process.awaitLine("a line 'ready'", "ready"::equals, Duration.ofMillis(100)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("test-child did not print a line 'ready' within 100 ms")
                    .hasMessageContaining("line-50").hasMessageContaining("line-11\n")
                    .hasMessageNotContaining("line-10\n");
            assertThat(process.isAlive()).as("a timeout leaves the process to its owner").isTrue();
        }
    }

    @Test
    void awaitReadyQuotesTheLastAnswerOfTheCheck() {
        try (ChildProcess process = bash("echo waiting; exec sleep 60")) {
            assertThatThrownBy(() -> process.awaitReady("listening on port 9", () -> {
                throw new java.net.ConnectException("Connection refused");
            }, Duration.ofMillis(200), Duration.ofMillis(20)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("test-child not listening on port 9 within 200 ms")
                    .hasMessageContaining("Connection refused")
                    .hasMessageContaining("waiting");
        }
    }

    @Test
    void awaitReadyReturnsOnceTheCheckSaysReady() {
        Path flag = directory.resolve("flag");
        try (ChildProcess process = bash("sleep 0.2; touch " + flag + "; exec sleep 60")) {
            process.awaitReady("flagged", () -> Files.exists(flag), PATIENCE, Duration.ofMillis(20));
            assertThat(flag).exists();
        }
    }

    @Test
    void awaitReadyFailsWhenTheProcessExitsFirst() {
        try (ChildProcess process = bash("echo 'bad configuration'; exit 4")) {
            assertThatThrownBy(() -> process.awaitReady("ready", () -> false, PATIENCE, Duration.ofMillis(20)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exited with status 4 before ready")
                    .hasMessageContaining("bad configuration");
        }
    }

    @Test
    void stopSendsSigtermAndTheProcessMayFinishItsWork() {
        // As the gateway simulator prints its counters on SIGTERM.
        ChildProcess process = bash("trap 'echo COUNTERS=7; exit 0' TERM; echo ready; while true; do sleep 0.05; done");
        process.awaitLine("ready", "ready"::equals, PATIENCE);
        assertThat(process.stop(PATIENCE)).isZero();
        assertThat(process.log().lines()).contains("COUNTERS=7");
    }

    @Test
    void stopKillsAProcessThatIgnoresSigtermAfterTheGrace() {
        ChildProcess process = bash("trap '' TERM; echo ready; while true; do sleep 0.05; done");
        process.awaitLine("ready", "ready"::equals, PATIENCE);
        assertThat(process.stop(Duration.ofMillis(300))).isEqualTo(137);
        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void stopAlsoEndsWhatTheProcessStarted() {
        ChildProcess process = bash("sleep 60 & echo child=$!; wait");
        long child = Long.parseLong(process.awaitLine("child=PID", l -> l.startsWith("child="), PATIENCE).substring(6));
        process.stop();
        // Gone, or going: onExit fails the test after the timeout when the child stays.
        assertThat(ProcessHandle.of(child).map(h -> h.onExit().orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS).join()
                .isAlive())).isNotEqualTo(Optional.of(true));
    }

    @Test
    void killEndsAtOnce() {
        ChildProcess process = bash("trap '' TERM; echo ready; while true; do sleep 0.05; done");
        process.awaitLine("ready", "ready"::equals, PATIENCE);
        assertThat(process.kill()).isEqualTo(137);
        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void exitStatusOfARunningProcessIsRefused() {
        try (ChildProcess process = bash("exec sleep 60")) {
            assertThatThrownBy(process::exitStatus).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("test-child is still running");
        }
    }

    @Test
    void aCommandThatDoesNotExistIsAClearError() {
        assertThatThrownBy(() -> ChildProcess.start("the simulator", List.of("/nonexistent/eg-sim", "--port", "1"),
                directory.resolve("sim.log")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot start the simulator (/nonexistent/eg-sim)")
                .hasMessageContaining("No such file");
    }

    @Test
    void aRestartAppendsToTheLogWhenAsked() {
        Path log = directory.resolve("restarted.log");
        ChildProcess.start("first", ChildProcess.loggingTo(List.of("bash", "-c", "echo first"), log, false), log)
                .awaitExit(PATIENCE);
        ChildProcess.start("second", ChildProcess.loggingTo(List.of("bash", "-c", "echo second"), log, true), log)
                .awaitExit(PATIENCE);
        assertThat(new ProcessLog(log).lines()).containsExactly("first", "second");
        ChildProcess.start("third", List.of("bash", "-c", "echo third"), log).awaitExit(PATIENCE);
        assertThat(new ProcessLog(log).lines()).containsExactly("third");
    }

    @Test
    void aLogThatIsNotThereYetIsEmpty() {
        ProcessLog log = new ProcessLog(directory.resolve("absent.log"));
        assertThat(log.text()).isEmpty();
        assertThat(log.tail()).isEqualTo("(no output in " + directory.resolve("absent.log") + ")");
    }

    private ChildProcess bash(String script) {
        return ChildProcess.start("test-child", List.of("bash", "-c", script), directory.resolve("child.log"));
    }
}
