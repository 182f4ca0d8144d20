package io.enrolgate.keyforge.core;

import java.util.List;

/** What processing one request decided: its outcome and the messages to publish, in order. */
public record ForgeResult(Outcome outcome, List<Publication> publications) {
    public ForgeResult {
        publications = List.copyOf(publications);
    }

    static ForgeResult dropped() {
        return new ForgeResult(Outcome.DROPPED, List.of());
    }
}
