package io.enrolgate.mef.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The targetIDs of a MEF Key Registration: the oneM2M IDs allowed to retrieve the key. */
public final class TargetIds {
    public static final int MAX_COUNT = 64;

    private TargetIds() {
    }

    /** An immutable, duplicate-free copy in the given order; never empty. */
    public static List<OneM2mId> check(List<OneM2mId> targetIds) {
        if (targetIds == null || targetIds.isEmpty()) {
            throw new IllegalArgumentException("targetIDs is empty: expected at least one oneM2M ID allowed"
                    + " to retrieve the key");
        }
        if (targetIds.size() > MAX_COUNT) {
            throw new IllegalArgumentException("targetIDs: " + targetIds.size() + " given, at most " + MAX_COUNT
                    + " allowed");
        }
        Set<OneM2mId> unique = new LinkedHashSet<>(targetIds);
        if (unique.contains(null)) {
            throw new IllegalArgumentException("targetIDs contains a null entry");
        }
        return List.copyOf(unique);
    }
}
