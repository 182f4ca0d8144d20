package io.enrolgate.common.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.testfixtures.MosquittoProcess;
import java.lang.reflect.Field;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.internal.ClientComms;
import org.eclipse.paho.mqttv5.client.internal.NetworkModule;
import org.eclipse.paho.mqttv5.client.internal.TCPNetworkModule;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MqttSession against a real Mosquitto broker. Timeouts only bound waits; nothing asserts on time. */
class MqttSessionTest {
    private static final long WAIT_SECONDS = 20;
    private static MosquittoProcess broker;
    private final List<MqttSession> sessions = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = MosquittoProcess.builder()
                .user("svc", "svc-password")
                .user("limited", "limited-password")
                .acl("user svc\ntopic readwrite #\n\nuser limited\ntopic readwrite limited/#\n")
                .start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void closeSessions() {
        sessions.forEach(MqttSession::close);
    }

    private MqttSession session(String clientId) {
        MqttSession session = MqttSession.create(MqttSettings.of(broker.serverUri(), clientId)
                .withCredentials("svc", "svc-password").withMaxReconnectDelay(Duration.ofSeconds(1)));
        sessions.add(session);
        return session;
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void answersRequestsOnASharedSubscriptionWithTheirCorrelationData() throws Exception {
        MqttSession responder = session("responder");
        responder.subscribe("$share/workers/test/req/+", 1, request -> {
            MqttProperties properties = RequestResponse.responseProperties(request, "text/plain");
            String answer = "echo:" + new String(request.payload(), StandardCharsets.UTF_8);
            return responder.publish(request.responseTopic().orElseThrow(), utf8(answer), properties);
        });
        await(responder.connect());
        MqttSession client = session("requester");
        await(client.connect());
        MqttRequester requester = await(MqttRequester.start(client, "test/resp/requester"));

        InboundMessage first = await(requester.request("test/req/a", utf8("one"), utf8("corr-1"), "text/plain",
                Duration.ofSeconds(WAIT_SECONDS)));
        InboundMessage second = await(requester.request("test/req/b", utf8("two"), utf8("corr-2"), "text/plain",
                Duration.ofSeconds(WAIT_SECONDS)));

        assertThat(new String(first.payload(), StandardCharsets.UTF_8)).isEqualTo("echo:one");
        assertThat(first.correlationData()).hasValueSatisfying(c -> assertThat(c).isEqualTo(utf8("corr-1")));
        assertThat(new String(second.payload(), StandardCharsets.UTF_8)).isEqualTo("echo:two");
        assertThat(requester.outstanding()).isZero();
        assertThat(responder.unroutedDeliveries()).isZero();
    }

    @Test
    void queuedMessagesReachAPersistentSessionWhenItComesBack() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MqttSession subscriber = session("persistent-subscriber");
        subscriber.subscribe("test/queued", 1, collect(received));
        await(subscriber.connect());
        subscriber.close();

        MqttSession publisher = session("queued-publisher");
        await(publisher.connect());
        for (int i = 0; i < 3; i++) {
            await(publisher.publish("test/queued", utf8("m" + i), new MqttProperties()));
        }

        MqttSession back = session("persistent-subscriber");
        back.subscribe("test/queued", 1, collect(received));
        await(back.connect());
        assertThat(List.of(poll(received), poll(received), poll(received))).containsExactly("m0", "m1", "m2");
    }

    @Test
    void aDeliveryWhoseWorkNeverCompletedIsDeliveredAgainAfterACrash() throws Exception {
        BlockingQueue<String> firstTry = new LinkedBlockingQueue<>();
        MqttSession crashing = session("crashing-worker");
        crashing.subscribe("test/work", 1, message -> {
            firstTry.add(new String(message.payload(), StandardCharsets.UTF_8));
            return new CompletableFuture<>(); // the work never finishes: no PUBACK
        });
        await(crashing.connect());
        MqttSession publisher = session("work-publisher");
        await(publisher.connect());
        await(publisher.publish("test/work", utf8("job-1"), new MqttProperties()));
        assertThat(poll(firstTry)).isEqualTo("job-1");

        crashing.abort();
        BlockingQueue<InboundMessage> secondTry = new LinkedBlockingQueue<>();
        MqttSession replacement = session("crashing-worker");
        replacement.subscribe("test/work", 1, message -> {
            secondTry.add(message);
            return CompletableFuture.completedFuture(null);
        });
        await(replacement.connect());

        InboundMessage again = secondTry.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(again).isNotNull();
        assertThat(new String(again.payload(), StandardCharsets.UTF_8)).isEqualTo("job-1");
    }

    @Test
    void reconnectsAndResubscribesAfterABrokerRestart() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MqttSession subscriber = session("restart-subscriber");
        subscriber.subscribe("test/restart", 1, collect(received));
        await(subscriber.connect());

        broker.restart();
        MqttSession publisher = session("restart-publisher");
        await(publisher.connect());
        // The publish is the probe: it completes once the broker is back; the subscriber reconnects by itself.
        await(publisher.publish("test/restart", utf8("after-restart"), new MqttProperties()));

        assertThat(poll(received)).isEqualTo("after-restart");
        assertThat(subscriber.isConnected()).isTrue();
    }

    @Test
    void publishesTheWillWhenASessionDiesButNotOnACleanClose() throws Exception {
        BlockingQueue<String> statuses = new LinkedBlockingQueue<>();
        MqttSession watcher = session("will-watcher");
        watcher.subscribe("test/status/+", 1, collect(statuses));
        await(watcher.connect());

        MqttWill will = new MqttWill("test/status/bridge", utf8("offline"), 1, false, "text/plain");
        MqttSession polite = MqttSession.create(MqttSettings.of(broker.serverUri(), "polite-bridge")
                .withCredentials("svc", "svc-password").withWill(will));
        await(polite.connect());
        polite.close();
        MqttSession dying = MqttSession.create(MqttSettings.of(broker.serverUri(), "dying-bridge")
                .withCredentials("svc", "svc-password").withWill(will));
        await(dying.connect());
        dying.abort();

        assertThat(poll(statuses)).isEqualTo("offline");
        assertThat(statuses.poll(1, TimeUnit.SECONDS)).as("only the dead session's will").isNull();
    }

    @Test
    void refusesWrongCredentialsWithAClearErrorAndEnforcesTheAcl() throws Exception {
        MqttSession intruder = MqttSession.create(MqttSettings.of(broker.serverUri(), "intruder")
                .withCredentials("svc", "wrong"));
        sessions.add(intruder);
        assertThatThrownBy(() -> await(intruder.connect()))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("cannot connect to " + broker.serverUri() + " as intruder");

        MqttSession limited = MqttSession.create(MqttSettings.of(broker.serverUri(), "limited-client")
                .withCredentials("limited", "limited-password"));
        sessions.add(limited);
        limited.subscribe("limited/in", 1, m -> CompletableFuture.completedFuture(null));
        await(limited.connect());
        await(limited.publish("limited/out", utf8("allowed"), new MqttProperties()));
        assertThatThrownBy(() -> await(limited.publish("other/topic", utf8("denied"), new MqttProperties())))
                .hasMessageContaining("refused the publish to other/topic (reason code 0x87)");
    }

    private static MessageHandler collect(BlockingQueue<String> into) {
        return message -> {
            into.add(new String(message.payload(), StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(null);
        };
    }

    private static String poll(BlockingQueue<String> queue) throws InterruptedException {
        String value = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(value).as("a message within " + WAIT_SECONDS + " s").isNotNull();
        return value;
    }

    @Test
    void theConnectionToTheBrokerHasTcpNoDelay() throws Exception {
        MqttSession session = session("no-delay");
        await(session.connect());

        Socket socket = pahoSocket(session);
        assertThat(socket.isConnected()).isTrue();
        assertThat(socket.getPort()).isEqualTo(broker.port());
        assertThat(socket.getTcpNoDelay()).as("TCP_NODELAY on the MQTT connection").isTrue();
    }

    @Test
    void overTlsTheConnectionHasTcpNoDelayAndCarriesMessages(@TempDir Path directory) throws Exception {
        TestCertificates certificates = TestCertificates.create(directory);
        try (MosquittoProcess tlsBroker = MosquittoProcess.builder()
                .tlsListener(certificates.serverCertificate(), certificates.serverKey())
                .start()) {
            int tlsPort = URI.create(tlsBroker.tlsServerUri()).getPort();
            MqttSettings tls = MqttSettings.of(tlsBroker.tlsServerUri(), "tls-client")
                    .withCaFile(certificates.caCertificate()).withMaxReconnectDelay(Duration.ofSeconds(1));
            MqttSession session = MqttSession.create(tls);
            sessions.add(session);
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            session.subscribe("tls/echo", 1, message -> {
                received.add(new String(message.payload(), StandardCharsets.UTF_8));
                return CompletableFuture.completedFuture(null);
            });
            await(session.connect());

            Socket socket = pahoSocket(session);
            assertThat(socket).isInstanceOf(javax.net.ssl.SSLSocket.class);
            assertThat(socket.getPort()).isEqualTo(tlsPort);
            assertThat(socket.getTcpNoDelay()).as("TCP_NODELAY on the TLS connection").isTrue();
            await(session.publish("tls/echo", utf8("over TLS"), new MqttProperties()));
            assertThat(received.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("over TLS");
            session.close(); // before its broker stops
        }
    }

    /** The socket under Paho's current network module (Paho keeps it to itself: read through reflection). */
    private static Socket pahoSocket(MqttSession session) throws ReflectiveOperationException {
        Field clientField = MqttSession.class.getDeclaredField("client");
        clientField.setAccessible(true);
        MqttAsyncClient client = (MqttAsyncClient) clientField.get(session);
        Field commsField = MqttAsyncClient.class.getDeclaredField("comms");
        commsField.setAccessible(true);
        ClientComms comms = (ClientComms) commsField.get(client);
        NetworkModule module = comms.getNetworkModules()[comms.getNetworkModuleIndex()];
        Field socketField = TCPNetworkModule.class.getDeclaredField("socket");
        socketField.setAccessible(true);
        return (Socket) socketField.get(module);
    }
}
