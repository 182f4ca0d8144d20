package io.enrolgate.mef.http;

/**
 * Bounds on what the codec reads, so that a peer cannot make it hold unbounded memory: the longest
 * request/status or header line, the number of header fields, and the largest body.
 */
public record HttpLimits(int maxLineLength, int maxHeaderCount, int maxBodyBytes) {
    /** Generous for Mmef messages (a registration is well under 16 KiB), small for an attacker. */
    public static final HttpLimits DEFAULT = new HttpLimits(4096, 32, 64 * 1024);

    public HttpLimits {
        if (maxLineLength < 64 || maxHeaderCount < 1 || maxBodyBytes < 0) {
            throw new IllegalArgumentException("HTTP limits too small: line " + maxLineLength + ", headers "
                    + maxHeaderCount + ", body " + maxBodyBytes);
        }
    }
}
