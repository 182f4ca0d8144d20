package io.enrolgate.demo.app;

/**
 * The demo cannot run on this machine as it is, and the user must act: the message says exactly what to do
 * (e.g. which Debian packages to install). Exit status 2.
 */
public final class DemoSetupException extends RuntimeException {
    public DemoSetupException(String message) {
        super(message);
    }

    public DemoSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
