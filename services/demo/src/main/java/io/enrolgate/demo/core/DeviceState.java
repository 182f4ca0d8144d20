package io.enrolgate.demo.core;

import io.enrolgate.zigbee.IeeeAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where one device stands, as a snapshot: what the services said about it (enrolment events), what the device
 * itself reported, and what the oneM2M application retrieved from the MEF. Keys appear only as fingerprints.
 *
 * @param requested key-forge received its EG Request (REQUESTED event)
 * @param keyIssued key-forge issued it a key (KEY_ISSUED event)
 * @param rejection why key-forge refused it (REJECTED event), if it did
 * @param provisioned the key is registered at the MEF and the node in the CSE (KEY_PROVISIONED event)
 * @param provisioningFailure why provisioning gave up (FAILED event), if it did
 * @param report what the device reported when it was done; empty while it is still joining
 * @param installedFingerprint the fingerprint of the network key the device installed
 * @param retrievedFingerprints fingerprints of the keys the oneM2M application retrieved for it (first half of
 *     each Key Value), in order
 * @param retrievalFailure why the last retrieval failed, if it did
 * @param equal whether the installed key is one the oneM2M application retrieved; empty until both are known
 */
public record DeviceState(
        PlannedDevice device,
        boolean requested,
        boolean keyIssued,
        Optional<String> rejection,
        boolean provisioned,
        Optional<String> provisioningFailure,
        Optional<DeviceReport> report,
        Optional<String> installedFingerprint,
        List<String> retrievedFingerprints,
        Optional<String> retrievalFailure,
        Optional<Boolean> equal) {

    public DeviceState {
        retrievedFingerprints = List.copyOf(retrievedFingerprints);
    }

    public IeeeAddress ieee() {
        return device.ieee();
    }

    /** The device reported (successfully or not). */
    public boolean reported() {
        return report.isPresent();
    }

    public boolean joined() {
        return report.map(DeviceReport::associated).orElse(false);
    }

    public boolean keyInstalled() {
        return report.map(DeviceReport::keyInstalled).orElse(false);
    }

    public boolean retrieved() {
        return !retrievedFingerprints.isEmpty();
    }

    public OptionalLong latencyMillis() {
        return report.map(DeviceReport::associationToKeyMillis).orElse(OptionalLong.empty());
    }

    /** The device's enrolment is a success: its installed key is the one the oneM2M side retrieved. */
    public boolean succeeded() {
        return equal.orElse(false);
    }

    /**
     * Nothing more is expected for this device: it reported, and either it succeeded, or no key was issued, or
     * everything that can still happen to its issued key (provisioning, retrieval) has happened or failed.
     */
    public boolean settled() {
        if (!reported()) {
            return false;
        }
        if (equal.isPresent() || rejection.isPresent() || provisioningFailure.isPresent()) {
            return true;
        }
        if (!keyIssued && !keyInstalled()) {
            return true;
        }
        return retrieved() ? !keyInstalled() : retrievalFailure.isPresent();
    }

    /** Why this device counts as failed, in a few words; empty when it succeeded. */
    public Optional<String> failure() {
        if (succeeded()) {
            return Optional.empty();
        }
        if (rejection.isPresent()) {
            return Optional.of("rejected by key-forge: " + rejection.get());
        }
        if (report.isPresent() && !keyInstalled()) {
            DeviceReport r = report.get();
            return Optional.of("device: " + r.outcome() + (r.detail().isBlank() ? "" : " (" + r.detail() + ")"));
        }
        if (provisioningFailure.isPresent()) {
            return Optional.of("provisioning failed: " + provisioningFailure.get());
        }
        if (retrievalFailure.isPresent()) {
            return Optional.of("MEF retrieval failed: " + retrievalFailure.get());
        }
        if (equal.isPresent()) {
            return Optional.of("installed key differs from the key the oneM2M application retrieved");
        }
        if (!reported()) {
            return Optional.of("device did not report");
        }
        return Optional.of(provisioned ? "key not retrieved from the MEF" : "key not provisioned to the MEF");
    }
}
