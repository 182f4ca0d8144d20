package io.enrolgate.mef.http;

/**
 * A message that breaks the codec's rules. {@code status} is the response a server should send before
 * closing the connection (400, 413, 414, 417, 431, 501, 505); the message says what was wrong and what
 * was expected, quoting at most a short, sanitised piece of the input.
 */
public final class HttpParseException extends Exception {
    private final int status;

    public HttpParseException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
