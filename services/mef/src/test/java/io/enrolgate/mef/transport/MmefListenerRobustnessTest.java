package io.enrolgate.mef.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.mef.TestMef;
import io.enrolgate.mef.core.KeyRegistrationRequest;
import io.enrolgate.mef.core.MefKeyValue;
import io.enrolgate.mef.core.Suid;
import io.enrolgate.mef.http.HttpResponse;
import io.enrolgate.mef.protocol.KeyRegistrationReceipt;
import io.enrolgate.mef.protocol.MmefPaths;
import io.enrolgate.mef.store.memory.InMemoryAuditLog;
import io.enrolgate.mef.store.memory.InMemoryKeyRegistrationStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bad client only loses its own connection: after each kind of abuse (garbage inside TLS, plain text
 * instead of TLS, oversized bodies, idle or trickling clients) the MEF still serves a well-behaved client.
 */
class MmefListenerRobustnessTest {
    private TestMef mef;
    private KeyRegistrationReceipt receipt;
    private MefKeyValue key;

    @BeforeEach
    void start() throws Exception {
        ListenerSettings settings = ListenerSettings.defaults(TestMef.FQDN, 0).withBindAddress("127.0.0.1")
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500)).withMaxConnections(4);
        mef = new TestMef(new InMemoryKeyRegistrationStore(), new InMemoryAuditLog(), settings);
        key = MefKeyValue.of(new byte[32]);
        receipt = mef.source().register(new KeyRegistrationRequest(Suid.END_TO_END_DATA, List.of(TestMef.APP_A_ID),
                key, Optional.empty(), List.of()));
    }

    @AfterEach
    void stop() {
        mef.close();
    }

    private void stillServesOthers() throws Exception {
        assertThat(mef.appA().retrieve(receipt.keyId()).keyValue()).isEqualTo(key);
    }

    private RawTlsConnection appAConnection() throws Exception {
        return new RawTlsConnection(mef.port(), "app-a", TestMef.APP_A_PSK, TestMef.FQDN);
    }

    @Test
    void garbageInsideTlsGetsA400AndTheConnectionIsClosed() throws Exception {
        try (RawTlsConnection connection = appAConnection()) {
            connection.send("THIS IS NOT HTTP\r\n\r\n");

            HttpResponse response = connection.readResponse();

            assertThat(response.status()).isEqualTo(400);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("malformed");
            assertThat(response.headers().connectionClose()).isTrue();
            assertThat(connection.closedByServer()).isTrue();
        }
        assertThat(mef.malformedRequests).containsExactly(400);
        stillServesOthers();
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() throws Exception {
        try (RawTlsConnection connection = appAConnection()) {
            connection.send("POST " + MmefPaths.KEYS + " HTTP/1.1\r\nHost: " + TestMef.FQDN
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n");

            assertThat(connection.readResponse().status()).isEqualTo(413);
        }
        stillServesOthers();
    }

    @Test
    void plainTextInsteadOfTlsFailsTheHandshakeOnly() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", mef.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + MmefPaths.KEYS + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // Drain the alert until the server closes.
            }
        }
        assertThat(mef.awaitHandshakeFailure()).isNotEmpty();
        stillServesOthers();
    }

    @Test
    void anIdleClientIsDisconnected() throws Exception {
        try (Socket idle = new Socket("127.0.0.1", mef.port())) {
            idle.setSoTimeout(10_000);
            // Nothing sent: the handshake timeout ends it, and the worker is free again.
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(mef.awaitHandshakeFailure()).isEqualTo("timeout");
        stillServesOthers();
    }

    @Test
    void aClientThatTricklesItsRequestIsCutOff() throws Exception {
        try (RawTlsConnection connection = appAConnection()) {
            String request = "GET " + MmefPaths.key(receipt.keyId().relativeKeyId()) + " HTTP/1.1\r\nHost: "
                    + TestMef.FQDN + "\r\nX-Padding: " + "a".repeat(400);
            boolean cutOff = false;
            for (int i = 0; i < request.length() && !cutOff; i++) {
                try {
                    connection.send(request.substring(i, i + 1));
                    Thread.sleep(50);
                } catch (java.io.IOException e) {
                    cutOff = true;
                }
            }
            // Every single read was quick, but the exchange as a whole outlived the request timeout.
            assertThat(cutOff || connection.closedByServer()).isTrue();
        }
        stillServesOthers();
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        String get = "GET " + MmefPaths.key(receipt.keyId().relativeKeyId()) + " HTTP/1.1\r\nHost: " + TestMef.FQDN
                + "\r\n\r\n";
        try (RawTlsConnection connection = appAConnection()) {
            connection.send(get);
            assertThat(connection.readResponse().status()).isEqualTo(200);
            connection.send(get);
            HttpResponse second = connection.readResponse();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.headers().single("Cache-Control")).contains("no-store");
        }
    }

    @Test
    void unknownPathsAndMethodsAreAnsweredNotCrashed() throws Exception {
        try (RawTlsConnection connection = appAConnection()) {
            connection.send("GET /elsewhere HTTP/1.1\r\nHost: " + TestMef.FQDN + "\r\n\r\n");
            assertThat(connection.readResponse().status()).isEqualTo(404);
            connection.send("PATCH " + MmefPaths.KEYS + " HTTP/1.1\r\nHost: " + TestMef.FQDN + "\r\n\r\n");
            HttpResponse patch = connection.readResponse();
            assertThat(patch.status()).isEqualTo(405);
            assertThat(patch.headers().single("Allow")).contains("POST");
        }
        stillServesOthers();
    }
}
