package io.enrolgate.mef.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.mef.MutableClock;
import io.enrolgate.mef.core.AuditRecord;
import io.enrolgate.mef.core.AuthenticatedClient;
import io.enrolgate.mef.core.MefObserver;
import io.enrolgate.mef.core.MefPolicy;
import io.enrolgate.mef.core.MefService;
import io.enrolgate.mef.core.OneM2mId;
import io.enrolgate.mef.core.Outcome;
import io.enrolgate.mef.http.HttpHeaders;
import io.enrolgate.mef.http.HttpRequest;
import io.enrolgate.mef.http.HttpResponse;
import io.enrolgate.mef.store.memory.InMemoryAuditLog;
import io.enrolgate.mef.store.memory.InMemoryKeyRegistrationStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Mmef over HTTP without any socket: what each kind of request becomes. */
class MmefRequestHandlerTest {
    private static final AuthenticatedClient SOURCE = new AuthenticatedClient("kpm", new OneM2mId("CSource"), true);

    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final MmefRequestHandler handler = new MmefRequestHandler(new MefService(
            new InMemoryKeyRegistrationStore(), audit, MefPolicy.DEFAULT,
            new MutableClock(Instant.parse("2030-01-01T00:00:00Z")), MefObserver.NONE), "mef.example.com");

    private HttpResponse handle(String method, String target, String contentType, String body) {
        HttpHeaders.Builder headers = HttpHeaders.builder().add("Host", "mef.example.com");
        if (contentType != null) {
            headers.add("Content-Type", contentType);
        }
        return handler.handle(SOURCE, new HttpRequest(method, target, headers.build(),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String registration() {
        return "{\"suid\":24,\"targetIDs\":[\"CApp\"],\"keyValue\":\""
                + Base64.getEncoder().encodeToString(new byte[32]) + "\"}";
    }

    private static String text(HttpResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aRegistrationIsCreatedWithItsLocation() {
        HttpResponse response = handle("POST", MmefPaths.KEYS, "application/json; charset=utf-8", registration());

        assertThat(response.status()).isEqualTo(201);
        KeyRegistrationReceipt receipt = MmefResponses.decodeReceipt(response.body());
        assertThat(response.headers().first("Location")).contains(MmefPaths.key(receipt.keyId().relativeKeyId()));
        assertThat(text(response)).doesNotContain("keyValue");
    }

    @Test
    void aBodyThatIsNotJsonIsInvalidAndAudited() {
        HttpResponse response = handle("POST", MmefPaths.KEYS, "text/plain", registration());

        assertThat(response.status()).isEqualTo(400);
        assertThat(text(response)).contains("\"error\":\"invalid\"").contains("expected application/json");
        assertThat(audit.all()).singleElement().extracting(AuditRecord::outcome).isEqualTo(Outcome.INVALID);
    }

    @Test
    void aMalformedRelativeKeyIdIsInvalidAndAuditedWithoutEchoingControlCharacters() {
        HttpResponse response = handle("GET", MmefPaths.KEYS + "/NOT-A-KEY", null, "");

        assertThat(response.status()).isEqualTo(400);
        assertThat(text(response)).contains("32 lower-case hex digits");
        assertThat(audit.all()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.INVALID);
            assertThat(r.relativeKeyId()).isEqualTo("NOT-A-KEY");
        });
    }

    @Test
    void queryParametersAreRefused() {
        assertThat(handle("GET", MmefPaths.KEYS + "/0123456789abcdef0123456789abcdef?x=1", null, "").status())
                .isEqualTo(400);
    }

    @Test
    void unknownResourcesAndMethodsAreNotProcedures() {
        assertThat(handle("GET", "/mmef/v2/keys", null, "").status()).isEqualTo(404);
        assertThat(handle("GET", MmefPaths.KEYS + "/a/b", null, "").status()).isEqualTo(404);
        assertThat(handle("GET", MmefPaths.KEYS, null, "").status()).isEqualTo(405);
        assertThat(handle("POST", MmefPaths.KEYS + "/0123456789abcdef0123456789abcdef", null, "").status())
                .isEqualTo(405);
        assertThat(audit.all()).isEmpty();
    }

    @Test
    void aRetrievalOfAnotherClientsKeyNamesTheRule() {
        KeyRegistrationReceipt receipt = MmefResponses.decodeReceipt(
                handle("POST", MmefPaths.KEYS, "application/json", registration()).body());

        HttpResponse response = handle("GET", MmefPaths.key(receipt.keyId().relativeKeyId()), null, "");

        assertThat(response.status()).isEqualTo(403);
        assertThat(MmefResponses.decodeError(response.body()).outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(text(response)).contains("CSource is not in the targetIDs");
    }
}
