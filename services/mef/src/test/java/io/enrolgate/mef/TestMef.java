package io.enrolgate.mef;

import io.enrolgate.mef.client.MefClient;
import io.enrolgate.mef.client.MefClientSettings;
import io.enrolgate.mef.client.MefConnectionPool;
import io.enrolgate.mef.core.AuditLog;
import io.enrolgate.mef.core.KeyRegistrationStore;
import io.enrolgate.mef.core.MefPolicy;
import io.enrolgate.mef.core.MefService;
import io.enrolgate.mef.core.OneM2mId;
import io.enrolgate.mef.protocol.MmefRequestHandler;
import io.enrolgate.mef.tls.PreSharedKey;
import io.enrolgate.mef.tls.PskClient;
import io.enrolgate.mef.tls.PskClients;
import io.enrolgate.mef.transport.ListenerSettings;
import io.enrolgate.mef.transport.MmefListener;
import io.enrolgate.mef.transport.TransportObserver;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real MEF on a free port of 127.0.0.1 (TLS-PSK over real sockets) with three configured clients:
 * the Source MEF Client "provisioning" and the oneM2M applications "app-a" and "app-b".
 */
public final class TestMef implements AutoCloseable {
    public static final String FQDN = "mef.test.enrolgate.io";
    public static final PreSharedKey SOURCE_PSK = PreSharedKey.fromHex("00112233445566778899aabbccddeeff");
    public static final PreSharedKey APP_A_PSK = PreSharedKey.fromHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
    public static final PreSharedKey APP_B_PSK = PreSharedKey.fromHex("b0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
    public static final OneM2mId SOURCE_ID = new OneM2mId("CEnrolgateProvisioning");
    public static final OneM2mId APP_A_ID = new OneM2mId("CAppA");
    public static final OneM2mId APP_B_ID = new OneM2mId("CAppB");

    public final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final BlockingQueue<String> handshakeFailures = new LinkedBlockingQueue<>();
    public final List<Integer> malformedRequests = new CopyOnWriteArrayList<>();
    /** Connections the server accepted so far. */
    public final AtomicInteger connectionsOpened = new AtomicInteger();
    private final AtomicInteger connectionsClosed = new AtomicInteger();
    public final MefService service;
    private final MmefListener listener;

    public TestMef(KeyRegistrationStore store, AuditLog audit) throws IOException {
        this(store, audit, ListenerSettings.defaults(FQDN, 0).withBindAddress("127.0.0.1"));
    }

    public TestMef(KeyRegistrationStore store, AuditLog audit, ListenerSettings settings) throws IOException {
        service = new MefService(store, audit, MefPolicy.DEFAULT, clock, (procedure, outcome) -> { });
        PskClients clients = new PskClients(List.of(
                new PskClient("provisioning", SOURCE_PSK, SOURCE_ID, true),
                new PskClient("app-a", APP_A_PSK, APP_A_ID, false),
                new PskClient("app-b", APP_B_PSK, APP_B_ID, false)));
        listener = new MmefListener(settings, clients, new MmefRequestHandler(service, FQDN),
                new TransportObserver() {
                    @Override
                    public void handshakeFailed(String reason) {
                        handshakeFailures.add(reason);
                    }

                    @Override
                    public void malformedRequest(int status) {
                        malformedRequests.add(status);
                    }

                    @Override
                    public void connectionOpened() {
                        connectionsOpened.incrementAndGet();
                    }

                    @Override
                    public void connectionClosed() {
                        connectionsClosed.incrementAndGet();
                    }
                }).start();
    }

    /**
     * The reason of the next handshake failure the server reports. The server notes it on its own thread,
     * possibly after the client has already seen the alert, hence the wait.
     */
    public String awaitHandshakeFailure() throws InterruptedException {
        String reason = handshakeFailures.poll(10, TimeUnit.SECONDS);
        if (reason == null) {
            throw new AssertionError("the server reported no handshake failure");
        }
        return reason;
    }

    /** Connections being served now. */
    public int activeConnections() {
        return connectionsOpened.get() - connectionsClosed.get();
    }

    public int port() {
        return listener.port();
    }

    public MefClient source() {
        return client("provisioning", SOURCE_PSK, FQDN);
    }

    public MefClient appA() {
        return client("app-a", APP_A_PSK, FQDN);
    }

    public MefClient appB() {
        return client("app-b", APP_B_PSK, FQDN);
    }

    public MefClient client(String kpmId, PreSharedKey psk, String fqdn) {
        return new MefClient(settings(kpmId, psk, fqdn));
    }

    /** The Source MEF Client keeping its connections in {@code pool}. */
    public MefClient source(MefConnectionPool pool) {
        return new MefClient(settings("provisioning", SOURCE_PSK, FQDN), pool);
    }

    private MefClientSettings settings(String kpmId, PreSharedKey psk, String fqdn) {
        return new MefClientSettings("127.0.0.1", port(), fqdn, kpmId, psk, Duration.ofSeconds(5),
                Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        listener.close();
    }
}
