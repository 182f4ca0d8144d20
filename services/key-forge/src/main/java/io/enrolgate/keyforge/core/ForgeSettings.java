package io.enrolgate.keyforge.core;

import java.util.Objects;

/**
 * The processor's settings.
 *
 * @param instanceId this replica's name, in events' {@code emitted_by}
 * @param maxPayloadBytes requests larger than this are refused unparsed
 */
public record ForgeSettings(String instanceId, int maxPayloadBytes) {

    public ForgeSettings {
        Objects.requireNonNull(instanceId, "instanceId");
    }

    /**
     * The settings of an earlier version, which named the MEF to make up key identifiers. Key identifiers are
     * the MEF's to assign (provisioning learns them when it registers the key), so {@code mefFqdn} is ignored.
     *
     * @deprecated use {@link #ForgeSettings(String, int)}
     */
    @Deprecated
    public ForgeSettings(String mefFqdn, String instanceId, int maxPayloadBytes) {
        this(instanceId, maxPayloadBytes);
    }
}
