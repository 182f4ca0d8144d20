package io.enrolgate.demo.core;

import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of every device of a run, fed by the enrolment events, the device simulator's reports and the
 * oneM2M application's retrievals, in whatever order they arrive. It compares, for each device, the key the
 * device installed with the keys the oneM2M application retrieved from the MEF (constant-time), and keeps only
 * fingerprints once compared. Thread-safe; the listener is called under the lock, in order.
 *
 * <p>Events about devices that are not in the plan (e.g. a real device on a real gateway) are ignored.
 */
public final class DemoProgress {
    private final Map<IeeeAddress, Entry> entries = new LinkedHashMap<>();
    private final ProgressListener listener;

    private static final class Entry {
        final PlannedDevice device;
        boolean requested;
        boolean keyIssued;
        Optional<String> rejection = Optional.empty();
        boolean provisioned;
        Optional<String> provisioningFailure = Optional.empty();
        Optional<DeviceReport> report = Optional.empty();
        /** The installed key, held only until it has been compared with a retrieved one. */
        Optional<SymmetricKey> installed = Optional.empty();
        Optional<String> installedFingerprint = Optional.empty();
        final List<SymmetricKey> retrievedKeys = new ArrayList<>();
        final List<String> retrievedFingerprints = new ArrayList<>();
        Optional<String> retrievalFailure = Optional.empty();
        Optional<Boolean> equal = Optional.empty();

        Entry(PlannedDevice device) {
            this.device = device;
        }

        DeviceState state() {
            // The report's key is not part of the snapshot: the snapshot travels to renderers.
            return new DeviceState(device, requested, keyIssued, rejection, provisioned, provisioningFailure,
                    report.map(r -> new DeviceReport(r.ieee(), r.outcome(), r.detail(), r.associated(), Optional.empty(),
                            r.associationToKeyMillis())),
                    installedFingerprint, retrievedFingerprints, retrievalFailure, equal);
        }

        /** Compares once both sides are known; a later retrieval can still turn "differs" into "equal". */
        void compare() {
            if (installed.isEmpty() || retrievedKeys.isEmpty()) {
                return;
            }
            boolean match = retrievedKeys.stream().anyMatch(k -> k.equals(installed.get()));
            equal = Optional.of(match);
            if (match) {
                installed = Optional.empty();
                retrievedKeys.clear();
            }
        }
    }

    public DemoProgress(DemoPlan plan, ProgressListener listener) {
        plan.devices().forEach(d -> entries.put(d.ieee(), new Entry(d)));
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public synchronized void requested(IeeeAddress ieee) {
        update(ieee, e -> e.requested = true);
    }

    public synchronized void keyIssued(IeeeAddress ieee) {
        update(ieee, e -> {
            e.requested = true;
            e.keyIssued = true;
        });
    }

    public synchronized void rejected(IeeeAddress ieee, String reason) {
        update(ieee, e -> {
            e.requested = true;
            e.rejection = Optional.of(reason.isBlank() ? "no reason given" : reason);
        });
    }

    public synchronized void provisioned(IeeeAddress ieee) {
        update(ieee, e -> {
            e.keyIssued = true;
            e.provisioned = true;
            e.provisioningFailure = Optional.empty();
        });
    }

    public synchronized void provisioningFailed(IeeeAddress ieee, String reason) {
        update(ieee, e -> e.provisioningFailure = Optional.of(reason.isBlank() ? "no reason given" : reason));
    }

    /** The oneM2M application retrieved {@code firstHalf}: the first half of the device's Key Value at the MEF. */
    public synchronized void retrieved(IeeeAddress ieee, SymmetricKey firstHalf) {
        update(ieee, e -> {
            e.retrievedKeys.add(firstHalf);
            e.retrievedFingerprints.add(firstHalf.fingerprint());
            e.retrievalFailure = Optional.empty();
            e.compare();
        });
    }

    public synchronized void retrievalFailed(IeeeAddress ieee, String reason) {
        update(ieee, e -> e.retrievalFailure = Optional.of(reason));
    }

    public synchronized void reported(DeviceReport report) {
        update(report.ieee(), e -> {
            e.report = Optional.of(report);
            e.installed = report.installedKey().filter(k -> report.keyInstalled());
            e.installedFingerprint = e.installed.map(SymmetricKey::fingerprint);
            e.compare();
        });
    }

    /** Whether the plan has this device. */
    public synchronized boolean knows(IeeeAddress ieee) {
        return entries.containsKey(ieee);
    }

    public synchronized List<DeviceState> snapshot() {
        return entries.values().stream().map(Entry::state).toList();
    }

    public synchronized ProgressCounts counts() {
        return countsOf(snapshot());
    }

    /** Every device is settled: nothing more is expected (see {@link DeviceState#settled()}). */
    public synchronized boolean settled() {
        return entries.values().stream().map(Entry::state).allMatch(DeviceState::settled);
    }

    /** Every device has reported. */
    public synchronized boolean allReported() {
        return entries.values().stream().allMatch(e -> e.report.isPresent());
    }

    static ProgressCounts countsOf(List<DeviceState> states) {
        int requested = 0, joined = 0, installed = 0, retrieved = 0, equal = 0, reported = 0, failed = 0;
        for (DeviceState s : states) {
            requested += s.requested() ? 1 : 0;
            joined += s.joined() ? 1 : 0;
            installed += s.keyInstalled() ? 1 : 0;
            retrieved += s.retrieved() ? 1 : 0;
            equal += s.succeeded() ? 1 : 0;
            reported += s.reported() ? 1 : 0;
            failed += s.settled() && !s.succeeded() ? 1 : 0;
        }
        return new ProgressCounts(states.size(), requested, joined, installed, retrieved, equal, reported, failed);
    }

    private void update(IeeeAddress ieee, java.util.function.Consumer<Entry> change) {
        Entry entry = entries.get(ieee);
        if (entry == null) {
            return;
        }
        change.accept(entry);
        DeviceState state = entry.state();
        listener.changed(state, countsOf(entries.values().stream().map(Entry::state).toList()));
    }
}
