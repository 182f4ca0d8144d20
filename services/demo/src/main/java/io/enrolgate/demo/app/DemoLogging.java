package io.enrolgate.demo.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Sends the services' log lines to a file for the length of a demo run, so that the console shows only the
 * demo's own progress and summary; the appenders that were there (e.g. the command line's stderr) come back on
 * {@link #close()}. The services never log key material, so neither does this file. Without logback (another
 * SLF4J binding) it does nothing.
 */
final class DemoLogging implements AutoCloseable {
    private final Logger root;
    private final Level previousLevel;
    private final List<Appender<ILoggingEvent>> detached;
    private final FileAppender<ILoggingEvent> file;

    private DemoLogging(Logger root, Level previousLevel, List<Appender<ILoggingEvent>> detached,
            FileAppender<ILoggingEvent> file) {
        this.root = root;
        this.previousLevel = previousLevel;
        this.detached = detached;
        this.file = file;
    }

    static DemoLogging toFile(Path logFile) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new DemoLogging(null, null, List.of(), null);
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("enrolgate-demo-file");
        file.setFile(logFile.toAbsolutePath().toString());
        file.setAppend(false);
        file.setEncoder(encoder);
        file.start();
        List<Appender<ILoggingEvent>> detached = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            detached.add(it.next());
        }
        detached.forEach(appender -> root.detachAppender(appender));
        Level previous = root.getLevel();
        root.addAppender(file);
        root.setLevel(Level.INFO);
        // Libraries that are chatty at INFO and say nothing a demo user needs.
        context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        context.getLogger("org.flywaydb").setLevel(Level.WARN);
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("oshi").setLevel(Level.ERROR);
        context.getLogger("jetbrains.exodus").setLevel(Level.WARN);
        return new DemoLogging(root, previous, detached, file);
    }

    @Override
    public synchronized void close() {
        if (root == null || !file.isStarted()) {
            return;
        }
        root.detachAppender(file);
        file.stop();
        detached.forEach(root::addAppender);
        if (previousLevel != null) {
            root.setLevel(previousLevel);
        }
    }
}
