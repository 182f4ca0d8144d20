package io.enrolgate.mef.client;

import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.mef.http.HttpLimits;
import io.enrolgate.mef.tls.PreSharedKey;
import io.enrolgate.mef.tls.PskClient;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Where a MEF Client finds its MEF and how it authenticates: the address to connect to, the MEF's FQDN
 * (sent in SNI and part of every key identifier; it may differ from the address, e.g. behind a load
 * balancer or in tests on 127.0.0.1), the client's KpmID and PSK, and timeouts.
 */
public record MefClientSettings(String host, int port, String mefFqdn, String kpmId, PreSharedKey psk,
        Duration connectTimeout, Duration readTimeout) {
    public static final int DEFAULT_PORT = 443;

    public MefClientSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("MEF host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("MEF port " + port + " is not a TCP port (1-65535)");
        }
        mefFqdn = KeyIdentifier.Fqdn.check(mefFqdn);
        PskClient.checkKpmId(kpmId);
        if (psk == null) {
            throw new IllegalArgumentException("PSK is missing");
        }
        if (connectTimeout == null || readTimeout == null) {
            throw new IllegalArgumentException("timeouts are missing");
        }
    }

    /**
     * Settings from an {@code https://host[:port]} URL; {@code mefFqdn} null means the URL's host.
     *
     * @throws IllegalArgumentException saying what is wrong with the URL
     */
    public static MefClientSettings of(String mefUrl, String mefFqdn, String kpmId, PreSharedKey psk) {
        URI uri;
        try {
            uri = new URI(mefUrl);
        } catch (Exception e) {
            throw new IllegalArgumentException("MEF URL '" + mefUrl + "' is not a URL: expected https://host[:port]");
        }
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("https")
                || uri.getHost() == null) {
            throw new IllegalArgumentException("MEF URL '" + mefUrl + "' is not https://host[:port]: Mmef runs"
                    + " over HTTPS with TLS-PSK");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw new IllegalArgumentException("MEF URL '" + mefUrl + "' has a path: expected only https://host[:port]"
                    + " (the Mmef paths are fixed)");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        return new MefClientSettings(host, uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(),
                mefFqdn == null ? host : mefFqdn, kpmId, psk, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    public HttpLimits limits() {
        return HttpLimits.DEFAULT;
    }
}
