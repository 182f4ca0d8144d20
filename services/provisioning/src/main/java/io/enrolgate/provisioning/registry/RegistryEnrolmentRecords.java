package io.enrolgate.provisioning.registry;

import io.enrolgate.mef.core.OneM2mId;
import io.enrolgate.provisioning.core.EnrolmentRecords;
import io.enrolgate.provisioning.core.StepException;
import io.enrolgate.registry.device.Device;
import io.enrolgate.registry.enrolment.Enrolment;
import io.enrolgate.registry.enrolment.EnrolmentState;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.zigbee.IeeeAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EnrolmentRecords} on the device registry: a device's targets, and the enrolment record's state and key
 * identifier (which replaces the provisional one key-forge recorded). A registry that cannot be reached is a
 * transient failure; an unknown device or one without targets a permanent one.
 */
public final class RegistryEnrolmentRecords implements EnrolmentRecords {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryEnrolmentRecords.class);

    private static final int MAX_REASON = 1000;

    private final RegistryStore store;
    private final Clock clock;

    public RegistryEnrolmentRecords(RegistryStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<OneM2mId> targetsOf(IeeeAddress device) throws StepException {
        Device found = call("read device " + device, () -> store.findDevice(device)).orElseThrow(() ->
                StepException.permanentFailure("device " + device + " is not in the registry"));
        if (found.targets().isEmpty()) {
            throw StepException.permanentFailure("device " + device + " has no oneM2M targets in the registry:"
                    + " nobody could retrieve its key");
        }
        List<OneM2mId> targets = new ArrayList<>();
        for (String target : found.targets()) {
            try {
                targets.add(new OneM2mId(target));
            } catch (IllegalArgumentException e) {
                throw StepException.permanentFailure("device " + device + " has an invalid oneM2M target: "
                        + e.getMessage());
            }
        }
        return targets;
    }

    @Override
    public OptionalInt keySequenceOf(IeeeAddress device) throws StepException {
        Optional<Device> found = call("read device " + device, () -> store.findDevice(device));
        return found.map(d -> OptionalInt.of(d.keySequence())).orElse(OptionalInt.empty());
    }

    @Override
    public Optional<IeeeAddress> gatewayOf(UUID enrolmentId) throws StepException {
        return call("read enrolment " + enrolmentId, () -> store.findEnrolment(enrolmentId)).map(Enrolment::gateway);
    }

    @Override
    public void recordProvisioned(UUID enrolmentId, String keyIdentifier) throws StepException {
        Optional<Enrolment> found = call("read enrolment " + enrolmentId, () -> store.findEnrolment(enrolmentId));
        if (found.isEmpty()) {
            LOG.warn("enrolment {} is not in the registry: its KEY_PROVISIONED state is not recorded", enrolmentId);
            return;
        }
        Enrolment e = found.get();
        // A later state (the device confirmed the key) stays; the key identifier is the MEF's in any case.
        EnrolmentState state = e.state() == EnrolmentState.CONFIRMED ? EnrolmentState.CONFIRMED
                : EnrolmentState.KEY_PROVISIONED;
        Enrolment updated = new Enrolment(e.id(), e.requestId(), e.device(), e.gateway(), Optional.of(keyIdentifier),
                e.frameCounter(), e.keySequence(), state, Optional.empty(), e.responseFrame(), e.createdAt(),
                clock.instant());
        call("update enrolment " + enrolmentId, () -> store.updateEnrolment(updated));
    }

    @Override
    public void recordFailed(UUID enrolmentId, String reason) throws StepException {
        Optional<Enrolment> updated = call("update enrolment " + enrolmentId,
                () -> store.setEnrolmentState(enrolmentId, EnrolmentState.FAILED, Optional.of(bounded(reason))));
        if (updated.isEmpty()) {
            LOG.warn("enrolment {} is not in the registry: its FAILED state is not recorded", enrolmentId);
        }
    }

    /** The registry keeps reasons of up to 1000 characters. */
    private static String bounded(String reason) {
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }

    private static <T> T call(String what, Supplier<T> registryCall) throws StepException {
        try {
            return registryCall.get();
        } catch (RuntimeException e) {
            throw StepException.transientFailure("the registry failed to " + what + ": " + e.getMessage(), e);
        }
    }
}
