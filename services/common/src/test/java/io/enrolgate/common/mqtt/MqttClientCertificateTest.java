package io.enrolgate.common.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.common.config.ConfigException;
import io.enrolgate.common.config.ServiceConfig;
import io.enrolgate.testfixtures.MosquittoProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS client certificates (mqtt.tls.cert-file, mqtt.tls.key-file) against a real Mosquitto listener that
 * requires them ({@code require_certificate true}) and takes the certificate's CN as the user name
 * ({@code use_identity_as_username true}), as a gateway's serial-bridge may log in.
 */
class MqttClientCertificateTest {
    private static final long WAIT_SECONDS = 20;
    private static final String GATEWAY = "00124b0001020304";

    @TempDir
    static Path directory;
    private static TestCertificates certificates;
    private static MosquittoProcess broker;

    @BeforeAll
    static void startBroker() throws Exception {
        certificates = TestCertificates.create(directory);
        broker = MosquittoProcess.builder()
                .tlsListener(certificates.serverCertificate(), certificates.serverKey())
                .requireClientCertificates(certificates.caCertificate())
                .start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private MqttSettings settings(String clientId) {
        return MqttSettings.of(broker.tlsServerUri(), clientId).withCaFile(certificates.caCertificate())
                .withMaxReconnectDelay(Duration.ofSeconds(1));
    }

    @Test
    void aClientWithAGoodCertificateConnectsAsItsCommonName() throws Exception {
        TestCertificates.Client client = certificates.client(GATEWAY);
        try (MqttSession session = MqttSession.create(settings("with-certificate")
                .withClientCertificate(client.certificate(), client.key()))) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            session.subscribe("tls/echo", 1, message -> {
                received.add(new String(message.payload(), StandardCharsets.UTF_8));
                return CompletableFuture.completedFuture(null);
            });
            session.connect().get(WAIT_SECONDS, TimeUnit.SECONDS);
            session.publish("tls/echo", "by certificate".getBytes(StandardCharsets.UTF_8), new MqttProperties())
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(received.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("by certificate");
        }
        // use_identity_as_username: the broker knows the client by its certificate's CN.
        assertThat(broker.log()).contains("as with-certificate").contains("u'" + GATEWAY + "'");
    }

    @Test
    void pkcs1RsaAndSec1EcKeysAreReadToo() throws Exception {
        TestCertificates.Client rsa = certificates.rsaClient("rsa-client");
        connectAndClose(settings("rsa").withClientCertificate(rsa.certificate(), rsa.key()));
        assertThat(Files.readString(rsa.key())).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        TestCertificates.Client ec = certificates.client("sec1-client");
        Path sec1 = certificates.sec1(ec.key());
        assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");
        connectAndClose(settings("sec1").withClientCertificate(ec.certificate(), sec1));
    }

    private static void connectAndClose(MqttSettings settings) throws Exception {
        try (MqttSession session = MqttSession.create(settings)) {
            session.connect().get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void aClientWithoutACertificateIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> connectAndClose(settings("without-certificate")))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(MqttSessionException.class)
                .hasMessageContaining("cannot connect to " + broker.tlsServerUri())
                .hasMessageContaining("the TLS handshake with the broker failed")
                .hasMessageContaining("mqtt.tls.cert-file and mqtt.tls.key-file");
    }

    // ---- files that cannot be used: refused when the session is created, naming the file ----------------

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsRefused() throws Exception {
        TestCertificates.Client client = certificates.client("mismatch-a");
        TestCertificates.Client other = certificates.client("mismatch-b");
        assertThatThrownBy(() -> MqttSession.create(settings("x").withClientCertificate(client.certificate(), other.key())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MQTT client key file " + other.key() + " does not belong to the certificate in "
                        + client.certificate());
        TestCertificates.Client rsa = certificates.rsaClient("mismatch-rsa");
        assertThatThrownBy(() -> MqttSession.create(settings("x").withClientCertificate(client.certificate(), rsa.key())))
                .hasMessageContaining("does not belong to the certificate").hasMessageContaining("a RSA key for a EC certificate");
    }

    @Test
    void missingFilesAreNamed() throws Exception {
        TestCertificates.Client client = certificates.client("missing");
        Path nowhere = directory.resolve("nowhere.pem");
        assertThatThrownBy(() -> MqttSession.create(settings("x").withClientCertificate(nowhere, client.key())))
                .hasMessage("MQTT client certificate file (mqtt.tls.cert-file) " + nowhere + " does not exist or is not a file");
        assertThatThrownBy(() -> MqttSession.create(settings("x").withClientCertificate(client.certificate(), nowhere)))
                .hasMessage("MQTT client key file (mqtt.tls.key-file) " + nowhere + " does not exist or is not a file");
    }

    @Test
    void filesThatAreNotPemAreRefused() throws Exception {
        TestCertificates.Client client = certificates.client("not-pem");
        Path garbage = Files.writeString(directory.resolve("garbage.txt"), "not a certificate\n");
        assertThatThrownBy(() -> MqttSession.create(settings("x").withClientCertificate(garbage, client.key())))
                .hasMessageContaining("MQTT client certificate file " + garbage + " holds no PEM certificate");
        assertThatThrownBy(() -> MqttSession.create(settings("x").withClientCertificate(client.certificate(), garbage)))
                .hasMessageContaining("MQTT client key file " + garbage + " holds no PEM object")
                .hasMessageContaining("expected an unencrypted PEM private key");
        // The certificate given as the key: PEM, but no private key.
        assertThatThrownBy(() -> MqttSession.create(settings("x").withClientCertificate(client.certificate(),
                client.certificate()))).hasMessageContaining("holds a X509CertificateHolder")
                .hasMessageContaining("expected an unencrypted PEM private key");
    }

    @Test
    void anEncryptedKeyIsRefused() throws Exception {
        TestCertificates.Client client = certificates.client("encrypted");
        Path encrypted = directory.resolve("encrypted-pkcs8.key");
        Process process = new ProcessBuilder("openssl", "pkcs8", "-topk8", "-in", client.key().toString(), "-out",
                encrypted.toString(), "-passout", "pass:secret").redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0).isTrue();
        assertThatThrownBy(() -> MqttSession.create(settings("x").withClientCertificate(client.certificate(), encrypted)))
                .hasMessageContaining("MQTT client key file " + encrypted + " is encrypted");
    }

    @Test
    void aClientCertificateWithPlainTcpIsRefusedRatherThanIgnored() throws Exception {
        TestCertificates.Client client = certificates.client("plain");
        assertThatThrownBy(() -> MqttSession.create(MqttSettings.of("tcp://127.0.0.1:1883", "x")
                .withClientCertificate(client.certificate(), client.key())))
                .hasMessageContaining("is plain TCP: use ssl://HOST:PORT for TLS");
    }

    // ---- the configuration keys ---------------------------------------------------------------------

    @Test
    void theConfigurationKeysAreReadAndGoTogether() {
        MqttSettings settings = MqttSettings.fromConfig(ServiceConfig.of(Map.of("mqtt.server-uri", "ssl://broker:8883",
                "mqtt.tls.cert-file", "/etc/gw.crt", "mqtt.tls.key-file", "/etc/gw.key"), Map.of()).sub("mqtt"), "id");
        assertThat(settings.clientCertificate()).contains(new MqttSettings.ClientCertificate(Path.of("/etc/gw.crt"),
                Path.of("/etc/gw.key")));
        assertThat(settings.toString()).contains("clientCertificate=/etc/gw.crt").doesNotContain("gw.key");
        assertThatThrownBy(() -> MqttSettings.fromConfig(ServiceConfig.of(Map.of("mqtt.server-uri", "ssl://broker:8883",
                "mqtt.tls.cert-file", "/etc/gw.crt"), Map.of()).sub("mqtt"), "id"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls.cert-file and tls.key-file go together: tls.key-file");
        assertThatThrownBy(() -> MqttSettings.fromConfig(ServiceConfig.of(Map.of("mqtt.server-uri", "ssl://broker:8883",
                "mqtt.tls.key-file", "/etc/gw.key"), Map.of()).sub("mqtt"), "id"))
                .hasMessageContaining("tls.cert-file (the PEM certificate of tls.key-file) is missing");
    }
}
