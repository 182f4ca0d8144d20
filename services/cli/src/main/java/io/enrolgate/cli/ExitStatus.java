package io.enrolgate.cli;

/** Exit statuses shared by every subcommand, so that scripts can tell failures apart. */
public final class ExitStatus {
    public static final int OK = 0;
    /** The input was well formed but a cryptographic check failed (e.g. a MIC did not verify). */
    public static final int CHECK_FAILED = 1;
    /** The input was malformed or an option was wrong; the reason is on stderr. */
    public static final int BAD_INPUT = 2;

    private ExitStatus() {
    }
}
