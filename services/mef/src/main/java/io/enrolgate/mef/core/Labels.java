package io.enrolgate.mef.core;

import java.util.List;

/**
 * The labels of a MEF Key Registration (free tokens such as {@code ieee:000D6F000A0B0C0D}), bounded so
 * that one registration cannot make the store or the responses arbitrarily large.
 */
public final class Labels {
    public static final int MAX_COUNT = 32;
    public static final int MAX_LENGTH = 256;

    private Labels() {
    }

    /** An immutable copy of {@code labels}, validated. */
    public static List<String> check(List<String> labels) {
        if (labels == null) {
            return List.of();
        }
        if (labels.size() > MAX_COUNT) {
            throw new IllegalArgumentException("labels: " + labels.size() + " given, at most " + MAX_COUNT
                    + " allowed");
        }
        for (String label : labels) {
            if (label == null || label.isEmpty() || label.length() > MAX_LENGTH
                    || !label.chars().allMatch(c -> c > 0x20 && c != 0x7F)) {
                throw new IllegalArgumentException("label '" + Printable.of(label, 300) + "' is not a token:"
                        + " expected 1 to " + MAX_LENGTH + " characters without spaces or control characters");
            }
        }
        return List.copyOf(labels);
    }
}
