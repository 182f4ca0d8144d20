package io.enrolgate.provisioning.core;

import io.enrolgate.mef.core.KeyIdentifier;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a work item's node in the CSE so that the node's {@code <AE>} keeps the identifier of the key the
 * device holds now. A re-enrolled device is issued a newer key (the next key sequence number) while the delivery
 * of its older key may still be in work (a backlog, a retry, another worker thread); the older one must not put
 * its key identifier back on the AE after the newer one did. So nodes of one device are registered one at a time
 * in this replica, and an item whose key sequence number is no longer the device's in the registry leaves the
 * CSE to the newer item (its key is still registered at the MEF and its outcome told). Two replicas working two
 * keys of one device at the same instant are not serialized; the registry check still covers every ordering but
 * a CSE write of the older overtaking the newer's while both are in flight.
 */
final class NodeLabelling {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLabelling.class);
    /** Locks by device: two devices share one only by chance, and then merely wait for each other. */
    private static final int STRIPES = 64;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    NodeLabelling() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    void register(WorkItem item, NodeRegistrar cse, EnrolmentRecords registry) throws StepException {
        KeyIdentifier keyId = KeyIdentifier.parse(item.keyIdentifier().orElseThrow());
        ReentrantLock lock = locks[Math.floorMod(item.device().hashCode(), STRIPES)];
        lock.lock();
        try {
            OptionalInt current = registry.keySequenceOf(item.device());
            if (current.isPresent() && current.getAsInt() != item.keySequence()) {
                LOG.info("enrolment {}: device {} has been issued a newer key (key sequence {}, this one {}): its"
                        + " node in the CSE is left to that one", item.enrolmentId(), item.device(),
                        current.getAsInt(), item.keySequence());
                return;
            }
            cse.registerNode(item.device(), keyId);
            LOG.info("enrolment {}: node {} registered in the CSE with key identifier {}", item.enrolmentId(),
                    item.device(), keyId);
        } finally {
            lock.unlock();
        }
    }
}
