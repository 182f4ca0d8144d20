package io.enrolgate.registry.device;

import io.enrolgate.zigbee.IeeeAddress;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A registered device as the admin API and CLI show it. It holds no secret: only whether an install
 * code (and so a link key) is set, which for a registered device is always true.
 *
 * @param ieee the device's IEEE address, its identity
 * @param status whether it may enrol
 * @param keySequence the key sequence number of the last key issued to it (0 before any)
 * @param labels free-form name/value pairs, sorted by name
 * @param targets the oneM2M AE-IDs allowed to fetch its key from the MEF, in the order given
 * @param installCodeSet whether an install code is stored
 */
public record Device(IeeeAddress ieee, DeviceStatus status, int keySequence, SortedMap<String, String> labels,
        List<String> targets, boolean installCodeSet, Instant createdAt, Instant updatedAt) {
    public Device {
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        targets = List.copyOf(targets);
    }
}
