package io.enrolgate.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.common.storage.DatabaseKind;
import io.enrolgate.registry.TestDatabases;
import io.enrolgate.registry.TestDevices;
import io.enrolgate.registry.device.DeviceStatus;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.testfixtures.PostgresProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpMethod;
import io.vertx.openapi.contract.OpenAPIContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/** The admin API over real HTTP, on a registry in an H2 file. */
class RegistryAdminApiTest {
    private static final String CODE = TestDevices.KNOWN_CODE_HEX;
    private static final String IEEE = "000D6F000A0B0C0D";

    @TempDir
    Path directory;

    private Vertx vertx;
    private RegistryStore store;
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        store = TestDatabases.newStore(TestDatabases.fresh(DatabaseKind.H2, directory), TestDatabases.randomKek());
        base = deploy(store);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
        store.close();
    }

    private String deploy(RegistryStore registry) throws Exception {
        RegistryAdminVerticle verticle = new RegistryAdminVerticle(registry, "127.0.0.1", 0);
        vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS);
        return "http://127.0.0.1:" + verticle.port();
    }

    @Test
    void addsShowsListsDisablesEnablesAndRemovesADevice() throws Exception {
        HttpResponse<String> created = send("POST", "/devices", new JsonObject().put("ieee", IEEE)
                .put("installCode", CODE).put("targets", new JsonArray().add("CAdmin"))
                .put("labels", new JsonObject().put("room", "kitchen")).encode());
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/devices/" + IEEE);
        JsonObject device = new JsonObject(created.body());
        assertThat(device.getString("ieee")).isEqualTo(IEEE);
        assertThat(device.getString("status")).isEqualTo("ACTIVE");
        assertThat(device.getBoolean("installCodeSet")).isTrue();
        assertThat(device.getJsonArray("targets")).containsExactly("CAdmin");
        assertThat(device.getJsonObject("labels").getMap()).isEqualTo(Map.of("room", "kitchen"));
        assertNoSecret(created.body());

        HttpResponse<String> shown = send("GET", "/devices/000d6f00:0a0b0c0d", null);
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(shown.body())).isEqualTo(device);

        HttpResponse<String> listed = send("GET", "/devices", null);
        assertThat(new JsonObject(listed.body()).getJsonArray("devices")).containsExactly(device);
        assertNoSecret(listed.body());

        assertThat(new JsonObject(send("POST", "/devices/" + IEEE + "/disable", null).body()).getString("status"))
                .isEqualTo("DISABLED");
        assertThat(store.findDevice(TestDevices.KNOWN_IEEE).orElseThrow().status()).isEqualTo(DeviceStatus.DISABLED);
        assertThat(new JsonObject(send("POST", "/devices/" + IEEE + "/enable", null).body()).getString("status"))
                .isEqualTo("ACTIVE");

        assertThat(send("DELETE", "/devices/" + IEEE, null).statusCode()).isEqualTo(204);
        assertThat(store.findDevice(TestDevices.KNOWN_IEEE)).isEmpty();
        assertThat(send("DELETE", "/devices/" + IEEE, null).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Z:000D6F000A0B0C0D$I:" + CODE, "000D6F000A0B0C0D|" + CODE,
        "HUE:Z:" + CODE + " M:000D6F000A0B0C0D"})
    void acceptsLabelTextsThatCarryTheAddress(String label) throws Exception {
        HttpResponse<String> created = send("POST", "/devices", new JsonObject().put("installCode", label).encode());
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(new JsonObject(created.body()).getString("ieee")).isEqualTo(IEEE);
        assertThat(store.findLinkKey(TestDevices.KNOWN_IEEE).orElseThrow().linkKey().toHexUnsafe())
                .isEqualTo(TestDevices.KNOWN_LINK_KEY_HEX);
    }

    @Test
    void refusesABadInstallCodeWithTheLibrarysMessage() throws Exception {
        String typo = CODE.substring(0, 34) + "B6";
        HttpResponse<String> refused = send("POST", "/devices",
                new JsonObject().put("ieee", IEEE).put("installCode", typo).encode());
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonObject error = new JsonObject(refused.body());
        assertThat(error.getString("error")).isEqualTo("bad_request");
        assertThat(error.getString("message")).contains("install code CRC mismatch", "should be followed by");
        assertNoSecret(refused.body());
        assertThat(store.listDevices()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "not json " + CODE, "[1,2]", "{\"installCode\": 5}", "{\"ieee\": \"" + IEEE + "\"}",
        "{\"ieee\": \"" + IEEE + "\", \"installCode\": \"" + CODE + "\", \"colour\": \"red\"}",
        "{\"ieee\": \"" + IEEE + "\", \"installCode\": \"" + CODE + "\", \"targets\": \"CAdmin\"}",
        "{\"ieee\": \"" + IEEE + "\", \"installCode\": \"" + CODE + "\", \"labels\": {\"a\": 1}}",
        "{\"ieee\": \"" + CODE + "\", \"installCode\": \"" + CODE + "\"}",
    })
    void refusesMalformedBodiesSayingWhatWasExpected(String body) throws Exception {
        HttpResponse<String> refused = send("POST", "/devices", body);
        assertThat(refused.statusCode()).isEqualTo(400);
        String message = new JsonObject(refused.body()).getString("message");
        assertThat(message).containsAnyOf("expected", "must be");
        assertNoSecret(refused.body());
        assertThat(store.listDevices()).isEmpty();
    }

    @Test
    void refusesADuplicateWithConflict() throws Exception {
        String body = new JsonObject().put("ieee", IEEE).put("installCode", CODE).encode();
        assertThat(send("POST", "/devices", body).statusCode()).isEqualTo(201);
        HttpResponse<String> again = send("POST", "/devices", body);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(again.body()).getString("message")).contains("already registered");
    }

    @Test
    void answersUnknownAndMalformedAddresses() throws Exception {
        HttpResponse<String> unknown = send("GET", "/devices/0000000000000001", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(unknown.body()).getString("message")).isEqualTo("no device 0000000000000001 is registered");
        HttpResponse<String> malformed = send("POST", "/devices/12345/disable", null);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(malformed.body()).getString("message")).contains("expected 16");
        assertThat(send("GET", "/nothing-here", null).statusCode()).isEqualTo(404);
    }

    @Test
    void importsACsvWhollyOrNotAtAll() throws Exception {
        String bad = "ieee,install_code\n000D6F00000000A1," + CODE + "\n000D6F00000000A2," + CODE.substring(0, 34)
                + "00\n";
        HttpResponse<String> refused = send("POST", "/devices/import", bad);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(refused.body()).getJsonArray("problems")).hasSize(1);
        assertThat(new JsonObject(refused.body()).getJsonArray("problems").getString(0)).startsWith("line 3: ");
        assertNoSecret(refused.body());
        assertThat(store.listDevices()).isEmpty();

        String good = "ieee,install_code,targets\n000D6F00000000A1," + CODE + ",CAdmin\n,\"Z:000D6F00000000A2$I:"
                + CODE + "\",\n";
        HttpResponse<String> imported = send("POST", "/devices/import", good);
        assertThat(imported.statusCode()).isEqualTo(201);
        assertThat(new JsonObject(imported.body()).getInteger("imported")).isEqualTo(2);
        assertNoSecret(imported.body());
        assertThat(store.listDevices()).hasSize(2);
    }

    @Test
    void servesAValidOpenApiDocumentThatDescribesEveryRoute() throws Exception {
        HttpResponse<String> document = send("GET", "/openapi.yaml", null);
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.headers().firstValue("Content-Type")).contains("application/yaml");
        assertThat(document.body()).contains("text/csv");
        // Vert.x's contract reader refuses media types it cannot validate (text/csv, application/yaml); the
        // rest of the document is checked by reading it with those bodies declared as plain text.
        Map<String, Object> yaml = new Yaml().load(document.body().replace("text/csv:", "text/plain:")
                .replace("application/yaml:", "text/plain:"));
        OpenAPIContract contract = OpenAPIContract.from(vertx, new JsonObject(yaml)).await(30, TimeUnit.SECONDS);
        for (var route : Map.of("/devices", HttpMethod.GET, "/devices/import", HttpMethod.POST,
                "/health/live", HttpMethod.GET, "/health/ready", HttpMethod.GET, "/openapi.yaml", HttpMethod.GET,
                "/devices/" + IEEE + "/disable", HttpMethod.POST, "/devices/" + IEEE + "/enable", HttpMethod.POST)
                .entrySet()) {
            assertThat(contract.findOperation(route.getKey(), route.getValue())).as(route.toString()).isNotNull();
        }
        for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.DELETE}) {
            assertThat(contract.findOperation("/devices/" + IEEE, method)).isNotNull();
        }
        assertThat(contract.findOperation("/devices", HttpMethod.POST).getOperationId()).isEqualTo("addDevice");
    }

    @Test
    void isLiveAndReadyOnH2() throws Exception {
        assertThat(send("GET", "/health/live", null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = send("GET", "/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(ready.body()).getJsonObject("checks").getString("database")).isEqualTo("UP");
    }

    @Test
    void isNotReadyWhileItsPostgresIsDown() throws Exception {
        PostgresProcess postgres = PostgresProcess.start();
        try (RegistryStore onPostgres = TestDatabases.newStore(DatabaseConfig.of(postgres.createDatabase("ready"),
                postgres.user(), postgres.password()), TestDatabases.randomKek())) {
            String url = deploy(onPostgres);
            assertThat(send(url, "GET", "/health/ready", null).statusCode()).isEqualTo(200);
            postgres.close();
            HttpResponse<String> down = send(url, "GET", "/health/ready", null);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(new JsonObject(down.body()).getString("status")).isEqualTo("DOWN");
            assertThat(send(url, "GET", "/health/live", null).statusCode()).isEqualTo(200);
        } finally {
            postgres.close();
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(base, method, path, body);
    }

    private HttpResponse<String> send(String url, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNoSecret(String body) {
        assertThat(body).doesNotContainIgnoringCase(CODE.substring(0, 16))
                .doesNotContainIgnoringCase(TestDevices.KNOWN_LINK_KEY_HEX.substring(0, 16));
    }
}
