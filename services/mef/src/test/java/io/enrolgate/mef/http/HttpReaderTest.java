package io.enrolgate.mef.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpReaderTest {
    private static final HttpLimits LIMITS = new HttpLimits(128, 8, 64);

    private static HttpReader reader(String text) {
        return new HttpReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), LIMITS);
    }

    private static HttpParseException requestError(String text) {
        try {
            reader(text).readRequest();
        } catch (HttpParseException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected HttpParseException, got " + e, e);
        }
        throw new AssertionError("request was accepted: " + text);
    }

    @Test
    void readsARequestWithABody() throws Exception {
        HttpRequest request = reader("POST /mmef/v1/keys HTTP/1.1\r\nHost: mef.example\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}").readRequest().orElseThrow();

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/mmef/v1/keys");
        assertThat(request.headers().single("content-type")).contains("application/json");
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void readsKeepAliveRequestsOneAfterTheOtherThenCleanEnd() throws Exception {
        HttpReader reader = reader("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b?x=1 HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(reader.readRequest().orElseThrow().path()).isEqualTo("/a");
        HttpRequest second = reader.readRequest().orElseThrow();
        assertThat(second.path()).isEqualTo("/b");
        assertThat(second.hasQuery()).isTrue();
        assertThat(reader.readRequest()).isEqualTo(Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no target                 | GET HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n                         | 400 | malformed",
        "double space              | GET  / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n                      | 400 | malformed",
        "lower-case method         | get / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n                       | 400 | upper-case",
        "absolute-form target      | GET http://h/ HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n               | 400 | origin-form",
        "fragment in target        | GET /a#b HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n                    | 400 | origin-form",
        "HTTP/1.0                  | GET / HTTP/1.0\\r\\nHost: h\\r\\n\\r\\n                       | 505 | expected HTTP/1.1",
        "not HTTP                  | GET / SPDY/3\\r\\nHost: h\\r\\n\\r\\n                         | 400 | expected HTTP/1.1",
        "bare LF                   | GET / HTTP/1.1\\nHost: h\\r\\n\\r\\n                         | 400 | bare LF",
        "CR without LF             | GET / HTTP/1.1\\rHost: h\\r\\n\\r\\n                         | 400 | CR not followed",
        "NUL in request line       | GET /\\u0000 HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n                 | 400 | control byte",
        "missing Host              | GET / HTTP/1.1\\r\\n\\r\\n                                  | 400 | Host",
        "two Host fields           | GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n             | 400 | more than once",
        "space before colon        | GET / HTTP/1.1\\r\\nHost : h\\r\\n\\r\\n                      | 400 | no space before",
        "no colon                  | GET / HTTP/1.1\\r\\nHost h\\r\\n\\r\\n                        | 400 | malformed",
        "obsolete folding          | GET / HTTP/1.1\\r\\nHost: h\\r\\n x\\r\\n\\r\\n                 | 400 | folding",
        "chunked                   | POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 501 | Transfer-Encoding",
        "negative length           | POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: -1\\r\\n\\r\\n    | 400 | decimal",
        "hex length                | POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 0x10\\r\\n\\r\\n  | 400 | decimal",
        "two lengths               | POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 1\\r\\nContent-Length: 2\\r\\n\\r\\nab | 400 | more than once",
        "body too large            | POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 65\\r\\n\\r\\n    | 413 | larger than",
        "huge length               | POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 99999999999\\r\\n\\r\\n | 400 | decimal",
        "Expect 100-continue       | POST / HTTP/1.1\\r\\nHost: h\\r\\nExpect: 100-continue\\r\\n\\r\\n | 417 | Expect",
    })
    void refusesMalformedRequestsSayingWhatWasExpected(String name, String request, int status, String message) {
        HttpParseException error = requestError(unescape(request.strip()));

        assertThat(error.status()).as(name).isEqualTo(status);
        assertThat(error.getMessage()).as(name).contains(message);
    }

    @Test
    void boundsTheRequestLine() {
        HttpParseException error = requestError("GET /" + "a".repeat(200) + " HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(error.status()).isEqualTo(414);
        assertThat(error.getMessage()).contains("longer than 128");
    }

    @Test
    void boundsEachHeaderLineAndTheirNumber() {
        assertThat(requestError("GET / HTTP/1.1\r\nHost: " + "h".repeat(200) + "\r\n\r\n").status()).isEqualTo(431);
        assertThat(requestError("GET / HTTP/1.1\r\nHost: h\r\n" + "X-A: 1\r\n".repeat(8) + "\r\n").status())
                .isEqualTo(431);
    }

    @Test
    void aConnectionClosedMidRequestIsAnEofNotARequest() {
        assertThatThrownBy(() -> reader("GET / HTTP/1.1\r\nHo").readRequest()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> reader("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc")
                .readRequest()).isInstanceOf(EOFException.class).hasMessageContaining("3 of 10");
    }

    @Test
    void responsesRoundTripThroughTheWriter() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HttpWriter.writeResponse(out, HttpResponse.json(201, "{\"a\":1}"), true);

        HttpResponse response = new HttpReader(new ByteArrayInputStream(out.toByteArray()), LIMITS).readResponse();

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.reason()).isEqualTo("Created");
        assertThat(response.headers().connectionClose()).isTrue();
        assertThat(response.headers().single("Cache-Control")).contains("no-store");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void requestsRoundTripThroughTheWriter() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HttpWriter.writeRequest(out, "PUT", "/k/1", "mef.example", "application/json", "[]".getBytes());

        HttpRequest request = new HttpReader(new ByteArrayInputStream(out.toByteArray()), LIMITS)
                .readRequest().orElseThrow();

        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.headers().single("Host")).contains("mef.example");
        assertThat(request.body()).isEqualTo("[]".getBytes());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not HTTP         | SSH-2.0-OpenSSH\\r\\n\\r\\n",
        "short            | HTTP/1.1 20\\r\\n\\r\\n",
        "letters          | HTTP/1.1 2xx OK\\r\\n\\r\\n",
        "HTTP/2           | HTTP/2.0 200 OK\\r\\n\\r\\n",
    })
    void refusesMalformedResponses(String name, String response) {
        assertThatThrownBy(() -> reader(unescape(response.strip())).readResponse()).as(name)
                .isInstanceOf(HttpParseException.class);
    }

    @Test
    void aResponseWithoutContentLengthHasNoBody() throws Exception {
        HttpResponse response = reader("HTTP/1.1 204 No Content\r\n\r\n").readResponse();

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
    }

    private static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0000", "\u0000");
    }
}
