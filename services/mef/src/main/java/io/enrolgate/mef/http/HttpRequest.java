package io.enrolgate.mef.http;

/**
 * One HTTP/1.1 request as the codec delivers it: method, origin-form target (path and optional query),
 * header fields and the body (empty when there was none).
 */
public record HttpRequest(String method, String target, HttpHeaders headers, byte[] body) {
    /** The target without its query. */
    public String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    public boolean hasQuery() {
        return target.indexOf('?') >= 0;
    }

    @Override
    public String toString() {
        // The body may hold a Key Value: never part of the string form.
        return method + " " + target + " (" + body.length + " body bytes)";
    }
}
