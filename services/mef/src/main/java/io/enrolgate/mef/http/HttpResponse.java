package io.enrolgate.mef.http;

import java.nio.charset.StandardCharsets;

/** One HTTP/1.1 response: status, reason phrase, header fields (Content-Length is the codec's) and body. */
public record HttpResponse(int status, String reason, HttpHeaders headers, byte[] body) {
    public static HttpResponse json(int status, String json) {
        return new HttpResponse(status, HttpStatus.reason(status), HttpHeaders.builder()
                .add("Content-Type", "application/json").build(), json.getBytes(StandardCharsets.UTF_8));
    }

    public static HttpResponse json(int status, byte[] json) {
        return new HttpResponse(status, HttpStatus.reason(status), HttpHeaders.builder()
                .add("Content-Type", "application/json").build(), json);
    }

    public static HttpResponse empty(int status) {
        return new HttpResponse(status, HttpStatus.reason(status), HttpHeaders.empty(), new byte[0]);
    }

    @Override
    public String toString() {
        // The body may hold a Key Value: never part of the string form.
        return status + " " + reason + " (" + body.length + " body bytes)";
    }
}
