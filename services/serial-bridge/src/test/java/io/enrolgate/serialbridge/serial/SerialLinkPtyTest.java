package io.enrolgate.serialbridge.serial;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.serialbridge.support.Await;
import io.enrolgate.serialbridge.support.SocatPty;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serial link on real pseudo-terminals through jSerialComm: bytes both ways, loss and reopen. */
class SerialLinkPtyTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path directory;
    private SocatPty pty;
    private SerialLink link;
    private final Events events = new Events();

    @BeforeEach
    void setUp() {
        pty = SocatPty.started(directory);
        link = new SerialLink("test", new JSerialCommOpener(new SerialSettings(pty.hostEnd().toString(), 1_000_000)),
                new ReopenBackoff(Duration.ofMillis(20), Duration.ofMillis(200)));
        link.start(events);
    }

    @AfterEach
    void tearDown() {
        link.close();
        pty.close();
    }

    @Test
    void carriesBytesBothWays() throws Exception {
        Await.until(WAIT, link::isOpen, "link open");
        try (SerialConnection gateway = gatewayEnd()) {
            gateway.write("from the gateway".getBytes(StandardCharsets.US_ASCII));
            Await.until(WAIT, () -> events.received().equals("from the gateway"), events::received);

            CountDownLatch written = new CountDownLatch(1);
            assertThat(link.send("to the gateway".getBytes(StandardCharsets.US_ASCII), written::countDown)).isTrue();
            assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(readAtLeast(gateway, 14)).isEqualTo("to the gateway");
        }
    }

    @Test
    void reportsTheLossOfTheLineAndOpensItAgainWhenItIsBack() throws Exception {
        Await.until(WAIT, () -> events.opened.get() == 1, "first open");

        pty.kill();
        Await.until(WAIT, () -> events.closed.get() == 1, "loss reported");
        assertThat(link.isOpen()).isFalse();
        assertThat(link.send(new byte[] {1}, () -> { })).as("nothing is queued for a closed port").isFalse();

        // Several attempts fail while the line is away; then it comes back behind the same path.
        Thread.sleep(300);
        assertThat(events.opened.get()).isEqualTo(1);
        pty.start();
        Await.until(WAIT, () -> events.opened.get() == 2, "reopened");
        try (SerialConnection gateway = gatewayEnd()) {
            gateway.write(new byte[] {0x7E, 0x01, 0x7E});
            Await.until(WAIT, () -> events.bytes.size() == 3, () -> "bytes after reopen: " + events.bytes.size());
        }
    }

    @Test
    void keepsTryingAPathThatDoesNotExistYet() throws Exception {
        link.close();
        Events laterEvents = new Events();
        SocatPty laterPty = new SocatPty(directory.resolve("later"));
        java.nio.file.Files.createDirectories(directory.resolve("later"));
        link = new SerialLink("later", new JSerialCommOpener(new SerialSettings(laterPty.hostEnd().toString(), 115_200)),
                new ReopenBackoff(Duration.ofMillis(20), Duration.ofMillis(100)));
        link.start(laterEvents);
        Thread.sleep(200);
        assertThat(laterEvents.opened.get()).isZero();

        laterPty.start();
        try {
            Await.until(WAIT, () -> laterEvents.opened.get() == 1, "opened once the path exists");
        } finally {
            link.close();
            laterPty.close();
        }
    }

    private SerialConnection gatewayEnd() throws IOException {
        return new JSerialCommOpener(new SerialSettings(pty.gatewayEnd().toString(), 1_000_000)).open();
    }

    private static String readAtLeast(SerialConnection connection, int count) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[256];
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            int n = connection.read(buffer);
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static final class Events implements SerialLink.Listener {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final java.util.List<Byte> bytes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

        @Override
        public void onOpened() {
            opened.incrementAndGet();
        }

        @Override
        public void onBytes(byte[] data, int offset, int count) {
            for (int i = offset; i < offset + count; i++) {
                bytes.add(data[i]);
            }
        }

        @Override
        public void onClosed() {
            closed.incrementAndGet();
        }

        String received() {
            synchronized (bytes) {
                byte[] all = new byte[bytes.size()];
                for (int i = 0; i < all.length; i++) {
                    all[i] = bytes.get(i);
                }
                return new String(all, StandardCharsets.US_ASCII);
            }
        }
    }
}
