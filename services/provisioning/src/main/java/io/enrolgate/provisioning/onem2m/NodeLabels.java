package io.enrolgate.provisioning.onem2m;

import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.zigbee.IeeeAddress;
import java.util.List;

/**
 * The labels ({@code lbl}) of a node's {@code <AE>}: its IEEE address and the identifier of its key at the MEF
 * ({@code <RelativeKeyID>@<MEF-FQDN>}, TS-0003 8.3.5), by which an application retrieves the key. Never the key.
 */
public final class NodeLabels {
    public static final String IEEE_PREFIX = "ieee:";
    public static final String KEY_ID_PREFIX = "keyID:";

    private NodeLabels() {
    }

    public static List<String> of(IeeeAddress device, KeyIdentifier keyId) {
        return List.of(IEEE_PREFIX + device.toTopicHex(), KEY_ID_PREFIX + keyId);
    }
}
