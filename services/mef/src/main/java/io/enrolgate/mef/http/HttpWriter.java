package io.enrolgate.mef.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes HTTP/1.1 messages with Content-Length framing; the whole message leaves in one write so that
 * TLS sends it in as few records as possible. Pure codec: it only writes the stream.
 */
public final class HttpWriter {
    private HttpWriter() {
    }

    /** Writes {@code response}; {@code close} adds {@code Connection: close}. Caches never keep a key. */
    public static void writeResponse(OutputStream out, HttpResponse response, boolean close) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream(256 + response.body().length);
        line(message, "HTTP/1.1 " + response.status() + " " + response.reason());
        for (String[] field : response.headers().fields()) {
            line(message, field[0] + ": " + field[1]);
        }
        line(message, "Content-Length: " + response.body().length);
        line(message, "Cache-Control: no-store");
        if (close) {
            line(message, "Connection: close");
        }
        line(message, "");
        message.write(response.body());
        message.writeTo(out);
        out.flush();
    }

    /** Writes a request to {@code host}; {@code body} may be empty (then no Content-Type is sent). */
    public static void writeRequest(OutputStream out, String method, String target, String host,
            String contentType, byte[] body) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream(256 + body.length);
        line(message, method + " " + target + " HTTP/1.1");
        line(message, "Host: " + host);
        if (body.length > 0) {
            line(message, "Content-Type: " + contentType);
        }
        if (body.length > 0 || method.equals("POST") || method.equals("PUT")) {
            line(message, "Content-Length: " + body.length);
        }
        line(message, "Accept: application/json");
        line(message, "");
        message.write(body);
        message.writeTo(out);
        out.flush();
    }

    private static void line(ByteArrayOutputStream message, String text) {
        message.writeBytes(HttpReader.encode(text));
        message.write('\r');
        message.write('\n');
    }
}
