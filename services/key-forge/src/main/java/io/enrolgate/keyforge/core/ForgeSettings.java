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
}
