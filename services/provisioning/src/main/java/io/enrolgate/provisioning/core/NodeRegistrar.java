package io.enrolgate.provisioning.core;

import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.zigbee.IeeeAddress;

/**
 * The oneM2M CSE as provisioning uses it: registers the Zigbee node (its {@code <AE>}, labelled with its IEEE
 * address and key identifier, and a {@code <container>} for its data). Never given the key. Idempotent: calling
 * it again for the same node (after a crash) leaves one AE, with the labels of the last call. Blocking.
 */
public interface NodeRegistrar {
    /**
     * @throws StepException transient when the CSE is unreachable or not ready, permanent when the node's names
     *     belong to someone else
     */
    void registerNode(IeeeAddress device, KeyIdentifier keyId) throws StepException;
}
