package io.enrolgate.mef.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.common.config.ServiceConfig;
import io.enrolgate.mef.client.MefClient;
import io.enrolgate.mef.client.MefClientException;
import io.enrolgate.mef.client.MefClientSettings;
import io.enrolgate.mef.core.KeyRegistrationRequest;
import io.enrolgate.mef.core.MefKeyValue;
import io.enrolgate.mef.core.OneM2mId;
import io.enrolgate.mef.core.Suid;
import io.enrolgate.mef.protocol.KeyRegistrationReceipt;
import io.enrolgate.mef.tls.PreSharedKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole service as deployed: configuration, H2 file database, Mmef port, admin port with health and metrics. */
class MefServerTest {
    private static final String SOURCE_PSK = "00112233445566778899aabbccddeeff";
    private static final String APP_PSK = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf";

    @TempDir
    Path directory;
    private MefServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        Map<String, String> values = Map.ofEntries(
                Map.entry("mef.fqdn", "mef.example.com"),
                Map.entry("mef.bind-address", "127.0.0.1"),
                Map.entry("mef.port", "0"),
                Map.entry("admin.bind-address", "127.0.0.1"),
                Map.entry("admin.port", "0"),
                Map.entry("database.url", "jdbc:h2:file:" + directory.resolve("mef")),
                Map.entry("kek", HexFormat.of().formatHex(new byte[32])),
                Map.entry("clients", "provisioning,app"),
                Map.entry("client.provisioning.kpm-id", "provisioning"),
                Map.entry("client.provisioning.psk", SOURCE_PSK),
                Map.entry("client.provisioning.onem2m-id", "CProvisioning"),
                Map.entry("client.provisioning.source", "true"),
                Map.entry("client.app.kpm-id", "app"),
                Map.entry("client.app.psk", APP_PSK),
                Map.entry("client.app.onem2m-id", "CApp"));
        server = MefServer.start(MefConfig.from(ServiceConfig.of(values, Map.of())));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private MefClient client(String kpmId, String psk) {
        return new MefClient(MefClientSettings.of("https://127.0.0.1:" + server.mmefPort(), "mef.example.com", kpmId,
                PreSharedKey.fromHex(psk)));
    }

    private HttpResponse<String> admin(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthEndpointsAnswer() throws Exception {
        assertThat(admin("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = admin("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("UP");
        assertThat(admin("/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void metricsCountProceduresByOutcomeAndHandshakeFailuresWithoutKeys() throws Exception {
        byte[] bytes = new byte[MefKeyValue.LENGTH];
        new SecureRandom().nextBytes(bytes);
        MefKeyValue key = MefKeyValue.of(bytes);
        KeyRegistrationReceipt receipt = client("provisioning", SOURCE_PSK).register(new KeyRegistrationRequest(
                Suid.END_TO_END_DATA, List.of(new OneM2mId("CApp")), key, Optional.empty(), List.of()));
        assertThat(client("app", APP_PSK).retrieve(receipt.keyId()).keyValue()).isEqualTo(key);
        try {
            client("app", SOURCE_PSK).retrieve(receipt.keyId());
        } catch (MefClientException expected) {
            assertThat(expected.kind()).isEqualTo(MefClientException.Kind.HANDSHAKE_FAILED);
        }

        String metrics = awaitMetric("mef_tls_handshake_failures_total");

        assertThat(metrics).contains("mef_requests_total{outcome=\"allowed\",procedure=\"key_retrieval\"} 1.0");
        assertThat(metrics).contains("mef_requests_total{outcome=\"allowed\",procedure=\"key_registration\"} 1.0");
        assertThat(metrics).contains("mef_requests_total{outcome=\"refused\",procedure=\"key_retrieval\"} 0.0");
        assertThat(metrics).containsPattern("mef_tls_handshake_failures_total\\{reason=\"[a-z_]+\"} 1.0");
        assertThat(metrics).doesNotContain(HexFormat.of().formatHex(bytes))
                .doesNotContain(HexFormat.of().withUpperCase().formatHex(bytes))
                .doesNotContain(Base64.getEncoder().encodeToString(bytes))
                .doesNotContain(receipt.keyId().relativeKeyId().value());
    }

    /** The server counts a failed handshake on its own thread, possibly after the client saw it fail. */
    private String awaitMetric(String name) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            String body = admin("/metrics").body();
            if (body.contains(name)) {
                return body;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("metric " + name + " never appeared");
    }
}
