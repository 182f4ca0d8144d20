package io.enrolgate.cli;

/** A failure to report to the user as one line and an exit status, without a stack trace. */
public class UserInputException extends RuntimeException {
    private final int exitStatus;

    public UserInputException(String message) {
        this(message, ExitStatus.BAD_INPUT);
    }

    public UserInputException(String message, int exitStatus) {
        super(message);
        this.exitStatus = exitStatus;
    }

    public int exitStatus() {
        return exitStatus;
    }
}
