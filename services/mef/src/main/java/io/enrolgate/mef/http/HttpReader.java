package io.enrolgate.mef.http;

import io.enrolgate.mef.core.Printable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A strict, bounded HTTP/1.1 reader (RFC 9112) for the small messages of Mmef: CRLF line endings only,
 * no obsolete line folding, no whitespace before a field's colon, bodies framed by Content-Length only
 * (Transfer-Encoding is refused), and every line, field count and body bounded by {@link HttpLimits}.
 * The same rules read requests (server) and responses (client). Pure codec: it only reads the stream.
 */
public final class HttpReader {
    private final InputStream in;
    private final HttpLimits limits;

    /** {@code in} should be buffered: the reader takes one byte at a time until the body. */
    public HttpReader(InputStream in, HttpLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    /**
     * The next request, or empty when the peer closed the connection cleanly between requests.
     *
     * @throws HttpParseException the request breaks the rules; answer with its status and close
     * @throws EOFException the peer closed in the middle of a request
     */
    public Optional<HttpRequest> readRequest() throws IOException, HttpParseException {
        String line = readLine("request line", 414, 400, true);
        if (line == null) {
            return Optional.empty();
        }
        String[] parts = line.split(" ", -1);
        if (parts.length != 3) {
            throw new HttpParseException(400, "request line '" + Printable.of(line, 100)
                    + "' is malformed: expected METHOD SP /target SP HTTP/1.1");
        }
        String method = parts[0];
        if (method.isEmpty() || method.length() > 16 || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new HttpParseException(400, "method '" + Printable.of(method, 20)
                    + "' is not a method: expected upper-case letters, e.g. GET");
        }
        String target = parts[1];
        if (!target.startsWith("/") || !target.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != '#')) {
            throw new HttpParseException(400, "request target '" + Printable.of(target, 100)
                    + "' is not an origin-form path: expected /path with visible ASCII characters and no '#'");
        }
        checkVersion(parts[2]);
        HttpHeaders headers = readHeaders(400);
        if (headers.single("Host").isEmpty()) {
            throw new HttpParseException(400, "the Host header field is missing: HTTP/1.1 requires it");
        }
        if (headers.contains("Expect")) {
            throw new HttpParseException(417, "Expect is not supported: send the body with the request");
        }
        return Optional.of(new HttpRequest(method, target, headers, readBody(headers)));
    }

    /** The response to a request just sent. Responses to HEAD are not supported (Mmef has none). */
    public HttpResponse readResponse() throws IOException, HttpParseException {
        String line = readLine("status line", 502, 502, false);
        if (line.length() < 12 || line.charAt(8) != ' ' || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new HttpParseException(502, "status line '" + Printable.of(line, 100)
                    + "' is malformed: expected HTTP/1.1 SP 3-digit status SP reason");
        }
        checkVersion(line.substring(0, 8));
        String code = line.substring(9, 12);
        if (!code.chars().allMatch(Character::isDigit) || code.charAt(0) < '1') {
            throw new HttpParseException(502, "status code '" + Printable.of(code, 3) + "' is not 3 digits");
        }
        int status = Integer.parseInt(code);
        String reason = line.length() > 12 ? line.substring(13) : "";
        HttpHeaders headers = readHeaders(502);
        byte[] body = status == 204 || status == 304 || status < 200 ? new byte[0] : readBody(headers);
        return new HttpResponse(status, reason, headers, body);
    }

    private void checkVersion(String version) throws HttpParseException {
        if (!version.equals("HTTP/1.1")) {
            throw new HttpParseException(version.startsWith("HTTP/") ? 505 : 400, "protocol version '"
                    + Printable.of(version, 20) + "' is not supported: expected HTTP/1.1");
        }
    }

    /** {@code malformed}: the status for a broken field, 400 in a request, 502 in a response. */
    private HttpHeaders readHeaders(int malformed) throws IOException, HttpParseException {
        HttpHeaders.Builder headers = HttpHeaders.builder();
        int count = 0;
        while (true) {
            String line = readLine("header field", malformed == 400 ? 431 : 502, malformed, false);
            if (line.isEmpty()) {
                return headers.build();
            }
            if (++count > limits.maxHeaderCount()) {
                throw new HttpParseException(431, "more than " + limits.maxHeaderCount() + " header fields");
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new HttpParseException(malformed, "header line starting with whitespace (obsolete line"
                        + " folding) is not accepted: expected name: value on one line");
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon);
            if (colon <= 0 || !name.chars().allMatch(HttpReader::isTokenChar)) {
                throw new HttpParseException(malformed, "header field '" + Printable.of(line, 60)
                        + "' is malformed: expected a token name, a colon with no space before it, a value");
            }
            headers.add(name, line.substring(colon + 1).strip());
        }
    }

    private byte[] readBody(HttpHeaders headers) throws IOException, HttpParseException {
        if (headers.contains("Transfer-Encoding")) {
            throw new HttpParseException(501, "Transfer-Encoding is not supported: send a Content-Length body");
        }
        Optional<String> lengthField = headers.single("Content-Length");
        if (lengthField.isEmpty()) {
            return new byte[0];
        }
        String text = lengthField.get();
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new HttpParseException(400, "Content-Length '" + Printable.of(text, 20)
                    + "' is not a decimal number of bytes");
        }
        long length = Long.parseLong(text);
        if (length > limits.maxBodyBytes()) {
            throw new HttpParseException(413, "body of " + length + " bytes is larger than the "
                    + limits.maxBodyBytes() + " bytes accepted");
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length != length) {
            throw new EOFException("connection closed after " + body.length + " of " + length + " body bytes");
        }
        return body;
    }

    /**
     * One line without its CRLF, decoded as ISO-8859-1 (RFC 9112 obs-text). Null only when
     * {@code eofAllowed} and the stream ended before the first byte.
     */
    private String readLine(String what, int tooLongStatus, int malformed, boolean eofAllowed)
            throws IOException, HttpParseException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofAllowed && line.isEmpty()) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of the " + what);
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new HttpParseException(malformed, what
                            + " has a CR not followed by LF: expected CRLF line endings");
                }
                return line.toString();
            }
            if (b == '\n') {
                throw new HttpParseException(malformed, what
                        + " ends with a bare LF: expected CRLF line endings");
            }
            if ((b < 0x20 && b != '\t') || b == 0x7F) {
                throw new HttpParseException(malformed, what + " contains control byte 0x"
                        + Integer.toHexString(b) + " at position " + (line.length() + 1));
            }
            if (line.length() >= limits.maxLineLength()) {
                throw new HttpParseException(tooLongStatus, what + " is longer than " + limits.maxLineLength()
                        + " bytes");
            }
            line.append((char) b);
        }
    }

    private static boolean isTokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** Bytes as the codec decodes them; exposed for the writer's symmetric encoding. */
    static byte[] encode(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
