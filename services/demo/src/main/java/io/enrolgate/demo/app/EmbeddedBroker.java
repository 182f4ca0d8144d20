package io.enrolgate.demo.app;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The broker of the one-process mode: HiveMQ CE embedded in this JVM (MQTT v5, shared subscriptions), listening
 * on 127.0.0.1 only, in-memory persistence, anonymous usage statistics off, and HiveMQ's own logging bootstrap
 * off (the demo decides where logs go). Its configuration, data and extensions folders live under
 * {@code directory}, which the caller removes.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final long START_SECONDS = 60;
    private static final long STOP_SECONDS = 20;

    private final EmbeddedHiveMQ hivemq;
    private final int port;
    private boolean stopped;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, int port) {
        this.hivemq = hivemq;
        this.port = port;
    }

    /** Starts the broker on {@code port} of 127.0.0.1 (a free one: see {@link FreePorts}) and waits until it listens. */
    public static EmbeddedBroker start(Path directory, int port) {
        Path conf = directory.resolve("conf");
        Path data = directory.resolve("data");
        Path extensions = directory.resolve("extensions");
        try {
            Files.createDirectories(conf);
            Files.createDirectories(data);
            Files.createDirectories(extensions);
            Files.writeString(conf.resolve("config.xml"), configuration(port), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker's folders in " + directory, e);
        }
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                .withoutLoggingBootstrap()
                .build();
        try {
            hivemq.start().get(START_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            closeQuietly(hivemq);
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("the embedded MQTT broker (HiveMQ CE) did not start on 127.0.0.1:" + port
                    + ": " + cause.getMessage(), e);
        }
        return new EmbeddedBroker(hivemq, port);
    }

    static String configuration(int port) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                    </listeners>
                    <mqtt>
                        <shared-subscriptions>
                            <enabled>true</enabled>
                        </shared-subscriptions>
                    </mqtt>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port);
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:PORT}. */
    public String serverUri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        closeQuietly(hivemq);
    }

    private static void closeQuietly(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.stop().get(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Stopping is best effort: the JVM is about to end or the caller moves on.
        }
        try {
            hivemq.close();
        } catch (Exception e) {
            // as above
        }
    }
}
