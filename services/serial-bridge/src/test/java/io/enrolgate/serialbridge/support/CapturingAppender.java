package io.enrolgate.serialbridge.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every formatted log line (with stack traces) of the test JVM, for tests that scan the logs. */
public final class CapturingAppender extends AppenderBase<ILoggingEvent> {
    private static final List<String> LINES = new CopyOnWriteArrayList<>();

    public static List<String> lines() {
        return List.copyOf(LINES);
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
