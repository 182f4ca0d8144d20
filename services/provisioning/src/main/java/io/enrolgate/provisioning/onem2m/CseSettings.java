package io.enrolgate.provisioning.onem2m;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the CSE is and how to address it over the HTTP binding (TS-0009).
 *
 * @param pointOfAccess the CSE's HTTP point of access, {@code http://host:port} (optionally with a root path)
 * @param cseBaseName the resource name of the CSEBase (CSE-Name), e.g. {@code cse-in}: resources are addressed
 *     in CSE-relative structured form, {@code /{cseBaseName}/{resourceName}/...}
 * @param releaseVersion the oneM2M release version indicator sent in X-M2M-RVI (e.g. {@code 3})
 * @param requestTimeout how long one request may take
 */
public record CseSettings(URI pointOfAccess, String cseBaseName, String releaseVersion, Duration requestTimeout) {
    public CseSettings {
        Objects.requireNonNull(pointOfAccess, "pointOfAccess");
        if (!"http".equals(pointOfAccess.getScheme()) && !"https".equals(pointOfAccess.getScheme())
                || pointOfAccess.getHost() == null) {
            throw new IllegalArgumentException("CSE point of access '" + pointOfAccess
                    + "': expected http://host:port or https://host:port");
        }
        if (cseBaseName == null || !cseBaseName.matches("[A-Za-z0-9._~-]+")) {
            throw new IllegalArgumentException("CSEBase resource name '" + cseBaseName
                    + "': expected letters, digits and - . _ ~");
        }
        if (releaseVersion == null || !releaseVersion.matches("[0-9]+[a-z]?")) {
            throw new IllegalArgumentException("oneM2M release version '" + releaseVersion + "': expected e.g. 3, 4, 2a");
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }
}
