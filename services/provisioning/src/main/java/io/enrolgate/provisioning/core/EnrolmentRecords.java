package io.enrolgate.provisioning.core;

import io.enrolgate.mef.core.OneM2mId;
import io.enrolgate.zigbee.IeeeAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** What provisioning reads from and writes to the device registry. Blocking. */
public interface EnrolmentRecords {
    /**
     * The oneM2M IDs allowed to retrieve the device's key (the registry's targets).
     *
     * @throws StepException permanent when the device is unknown or has no target; transient when the registry
     *     cannot be reached
     */
    List<OneM2mId> targetsOf(IeeeAddress device) throws StepException;

    /**
     * The key sequence number of the last key issued to the device; empty when the registry does not know it.
     *
     * @throws StepException transient when the registry cannot be reached
     */
    OptionalInt keySequenceOf(IeeeAddress device) throws StepException;

    /** The gateway the enrolment came through, for the events; empty when the registry has no such enrolment. */
    Optional<IeeeAddress> gatewayOf(UUID enrolmentId) throws StepException;

    /** Records KEY_PROVISIONED with the key identifier (a later state, such as CONFIRMED, is kept). */
    void recordProvisioned(UUID enrolmentId, String keyIdentifier) throws StepException;

    /** Records FAILED with its reason. */
    void recordFailed(UUID enrolmentId, String reason) throws StepException;
}
