package io.enrolgate.registry.device;

import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.installcode.InstallCode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A device to register, validated: every way in (REST, CSV, CLI) ends here, so the rules for labels and
 * targets live in this one place. Its {@code toString()} shows the install code redacted.
 *
 * @param targets oneM2M AE-IDs (e.g. {@code CAdmin}, {@code /in-cse/Capp}), at most {@value #MAX_TARGETS},
 *     no duplicates
 * @param labels names of letters, digits, '.', '_', '-' (1..63 characters), values of at most 255 characters
 */
public record NewDevice(IeeeAddress ieee, InstallCode installCode, List<String> targets,
        SortedMap<String, String> labels) {
    public static final int MAX_TARGETS = 32;
    public static final int MAX_LABELS = 32;
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9._-]{1,63}");
    private static final Pattern AE_ID = Pattern.compile("[A-Za-z0-9._~/:-]{1,255}");

    public NewDevice {
        Objects.requireNonNull(ieee, "ieee");
        Objects.requireNonNull(installCode, "installCode");
        targets = List.copyOf(targets);
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        checkTargets(targets);
        checkLabels(labels);
    }

    public NewDevice(IeeeAddress ieee, InstallCode installCode, List<String> targets, Map<String, String> labels) {
        this(ieee, installCode, targets, new TreeMap<>(labels));
    }

    private static void checkTargets(List<String> targets) {
        if (targets.size() > MAX_TARGETS) {
            throw new InvalidDeviceException(targets.size() + " targets: expected at most " + MAX_TARGETS);
        }
        Set<String> seen = new HashSet<>();
        for (String target : targets) {
            if (!AE_ID.matcher(target).matches()) {
                throw new InvalidDeviceException("target '" + printable(target) + "' is not a oneM2M AE-ID: expected"
                        + " 1 to 255 letters, digits or . _ ~ / : - (e.g. CAdmin or /in-cse/Capp)");
            }
            if (!seen.add(target)) {
                throw new InvalidDeviceException("target '" + target + "' is given twice");
            }
        }
    }

    private static void checkLabels(Map<String, String> labels) {
        if (labels.size() > MAX_LABELS) {
            throw new InvalidDeviceException(labels.size() + " labels: expected at most " + MAX_LABELS);
        }
        labels.forEach((name, value) -> {
            if (!LABEL_NAME.matcher(name).matches()) {
                throw new InvalidDeviceException("label name '" + printable(name) + "': expected 1 to 63 letters,"
                        + " digits or . _ -");
            }
            if (value == null || value.length() > 255 || value.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidDeviceException("label '" + name + "' value: expected at most 255 characters,"
                        + " no control characters");
            }
        });
    }

    /** Input echoed in a message, cut short and with control characters shown as '?'. */
    static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
