package io.enrolgate.provisioning.onem2m;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * The oneM2M HTTP binding (TS-0009) for the primitives provisioning sends: CREATE (POST with
 * {@code Content-Type: application/json;ty=N}), RETRIEVE (GET) and UPDATE (PUT), with the originator in
 * {@code X-M2M-Origin}, a fresh request identifier in {@code X-M2M-RI}, the release version in
 * {@code X-M2M-RVI}, and the result read from {@code X-M2M-RSC}. JSON serialization with short names
 * (TS-0004). Blocking; thread-safe.
 */
public final class OneM2mHttpClient {
    public static final int TY_AE = 2;
    public static final int TY_CONTAINER = 3;
    private static final String JSON = "application/json";

    private final CseSettings settings;
    private final HttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();

    public OneM2mHttpClient(CseSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    public CseSettings settings() {
        return settings;
    }

    /** CREATE of a resource of type {@code ty} under {@code parentPath} (CSE-relative, e.g. {@code cse-in}). */
    public CseResponse create(String parentPath, int ty, String originator, JsonNode resource) throws IOException {
        return send(request(parentPath, originator)
                .header("Content-Type", JSON + ";ty=" + ty)
                .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(resource), StandardCharsets.UTF_8)));
    }

    public CseResponse retrieve(String path, String originator) throws IOException {
        return send(request(path, originator).GET());
    }

    public CseResponse update(String path, String originator, JsonNode resource) throws IOException {
        return send(request(path, originator)
                .header("Content-Type", JSON)
                .PUT(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(resource), StandardCharsets.UTF_8)));
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    private HttpRequest.Builder request(String path, String originator) {
        String base = settings.pointOfAccess().toString().replaceAll("/+$", "");
        return HttpRequest.newBuilder(URI.create(base + "/" + path))
                .timeout(settings.requestTimeout())
                .header("X-M2M-Origin", originator)
                .header("X-M2M-RI", "enrolgate-" + UUID.randomUUID())
                .header("X-M2M-RVI", settings.releaseVersion())
                .header("Accept", JSON);
    }

    private CseResponse send(HttpRequest.Builder builder) throws IOException {
        HttpRequest request = builder.build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the CSE", e);
        }
        String rscHeader = response.headers().firstValue("X-M2M-RSC").orElse(null);
        JsonNode body = null;
        if (response.body().length > 0) {
            try {
                body = mapper.readTree(response.body());
            } catch (IOException notJson) {
                body = null;
            }
        }
        int rsc;
        try {
            rsc = rscHeader == null ? -1 : Integer.parseInt(rscHeader.strip());
        } catch (NumberFormatException e) {
            rsc = -1;
        }
        if (rsc < 0) {
            throw new IOException(request.method() + " " + request.uri() + ": HTTP " + response.statusCode()
                    + " without a oneM2M response status code (X-M2M-RSC): not a oneM2M CSE, or not ready");
        }
        return new CseResponse(response.statusCode(), rsc, body);
    }
}
