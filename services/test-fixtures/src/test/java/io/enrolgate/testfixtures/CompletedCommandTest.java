package io.enrolgate.testfixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CompletedCommandTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void holdsBothOutputsAndTheExitStatusAndFeedsTheInput() {
        CompletedCommand done = CompletedCommand.run("tr", new ProcessBuilder("bash", "-c", "tr a-z A-Z; echo oops >&2; exit 5"),
                "secret-free text\n", PATIENCE);
        assertThat(done.exitStatus()).isEqualTo(5);
        assertThat(done.succeeded()).isFalse();
        assertThat(done.out()).isEqualTo("SECRET-FREE TEXT\n");
        assertThat(done.err()).isEqualTo("oops\n");
        assertThat(done.describe()).contains("exit status 5", "SECRET-FREE TEXT", "oops");
    }

    @Test
    void aLargeOutputOnBothPipesDoesNotBlock() {
        // More than a pipe holds (64 KiB) on each: both must be read while the process runs.
        CompletedCommand done = CompletedCommand.run("yes", new ProcessBuilder("bash", "-c",
                "head -c 300000 /dev/zero | tr '\\0' x; head -c 300000 /dev/zero | tr '\\0' y >&2"), null, PATIENCE);
        assertThat(done.succeeded()).isTrue();
        assertThat(done.out()).hasSize(300_000);
        assertThat(done.err()).hasSize(300_000);
    }

    @Test
    void aCommandThatDoesNotFinishIsKilledAndNamed() {
        assertThatThrownBy(() -> CompletedCommand.run("the sleeper", new ProcessBuilder("sleep", "60"), null,
                Duration.ofMillis(200)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("the sleeper did not finish within");
    }

    @Test
    void aCommandThatDoesNotExistIsAClearError() {
        assertThatThrownBy(() -> CompletedCommand.run("passwd tool", new ProcessBuilder("/nonexistent/passwd"), null,
                PATIENCE))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot run passwd tool (/nonexistent/passwd)");
    }
}
