package io.enrolgate.keyforge.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The processor's settings.
 *
 * @param mefFqdn the MEF's FQDN: key identifiers are {@code <enrolment id>@<mefFqdn>} (TS-0003)
 * @param instanceId this replica's name, in events' {@code emitted_by}
 * @param maxPayloadBytes requests larger than this are refused unparsed
 */
public record ForgeSettings(String mefFqdn, String instanceId, int maxPayloadBytes) {
    private static final Pattern FQDN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62}\\.?)*");

    public ForgeSettings {
        Objects.requireNonNull(mefFqdn, "mefFqdn");
        Objects.requireNonNull(instanceId, "instanceId");
        if (!FQDN.matcher(mefFqdn).matches() || mefFqdn.length() > 253) {
            throw new IllegalArgumentException("MEF FQDN '" + mefFqdn + "' is not a host name");
        }
    }
}
