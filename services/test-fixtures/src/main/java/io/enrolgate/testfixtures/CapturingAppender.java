package io.enrolgate.testfixtures;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps every formatted log line (with stack traces) of the test JVM, for tests that scan the logs. Named in a
 * module's {@code logback-test.xml}: {@code <appender name="CAPTURE" class="io.enrolgate.testfixtures.CapturingAppender"/>}.
 */
public final class CapturingAppender extends AppenderBase<ILoggingEvent> {
    private static final List<String> LINES = new CopyOnWriteArrayList<>();

    /** Every line so far, in order. */
    public static List<String> lines() {
        return List.copyOf(LINES);
    }

    /** Every line so far, joined with newlines. */
    public static String text() {
        return String.join("\n", LINES);
    }

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(thrown));
        }
        LINES.add(line.toString());
    }
}
