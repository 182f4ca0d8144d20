package io.enrolgate.provisioning.onem2m;

import io.enrolgate.zigbee.IeeeAddress;
import java.util.Objects;

/**
 * How a Zigbee node is named in the CSE. Provisioning registers one {@code <AE>} per node, acting for the
 * node as an interworking proxy would (TS-0033): the AE's requests carry the node's own AE-ID as originator.
 * <ul>
 *   <li>AE-ID (originator, and so {@code aei}): {@code aeIdPrefix} + the IEEE address in 16 lower-case hex
 *       digits, e.g. {@code Czigbee-000d6f000a0b0c0d}. The prefix starts with {@code C} (a CSE-relative AE-ID,
 *       TS-0001 §7.2): stable across re-enrolments, unique per device, and the CSE registers exactly one AE for
 *       it (a second registration is refused with 4117).
 *   <li>resource name: {@code aeNamePrefix} + the same hex, e.g. {@code zigbee-000d6f000a0b0c0d}.
 *   <li>App-ID: one for all Enrolgate nodes, e.g. {@code Nenrolgate.zigbee} ({@code N}: a non-registered
 *       App-ID, TS-0001 §7.1.1).
 *   <li>a {@code <container>} named {@code containerName} under the AE for the node's data.
 * </ul>
 */
public record NodeNaming(String aeIdPrefix, String aeNamePrefix, String appId, String containerName) {
    public NodeNaming {
        if (aeIdPrefix == null || !aeIdPrefix.matches("[CS][A-Za-z0-9._~-]*")) {
            throw new IllegalArgumentException("AE-ID prefix '" + aeIdPrefix
                    + "': expected C or S followed by letters, digits and - . _ ~");
        }
        requireName("AE resource name prefix", aeNamePrefix, true);
        if (appId == null || !appId.matches("[RN][A-Za-z0-9._~-]+")) {
            throw new IllegalArgumentException("App-ID '" + appId + "': expected R or N followed by letters, digits"
                    + " and - . _ ~ (TS-0001)");
        }
        requireName("container resource name", containerName, false);
    }

    public static NodeNaming defaults() {
        return new NodeNaming("Czigbee-", "zigbee-", "Nenrolgate.zigbee", "data");
    }

    public String aeId(IeeeAddress device) {
        return aeIdPrefix + device.toTopicHex();
    }

    public String resourceName(IeeeAddress device) {
        return aeNamePrefix + device.toTopicHex();
    }

    private static void requireName(String what, String name, boolean mayBeEmpty) {
        Objects.requireNonNull(name, what);
        if ((!mayBeEmpty && name.isEmpty()) || !name.matches("[A-Za-z0-9._~-]*")) {
            throw new IllegalArgumentException(what + " '" + name + "': expected letters, digits and - . _ ~");
        }
    }
}
