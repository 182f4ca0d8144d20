package io.enrolgate.registry.store;

import io.enrolgate.common.crypto.AtRestCipher;
import io.enrolgate.common.storage.Database;
import io.enrolgate.common.storage.DatabaseException;
import io.enrolgate.registry.counter.FrameCounterBlock;
import io.enrolgate.registry.counter.FrameCounters;
import io.enrolgate.registry.device.Device;
import io.enrolgate.registry.device.DeviceAlreadyExistsException;
import io.enrolgate.registry.device.DeviceLinkKey;
import io.enrolgate.registry.device.DeviceStatus;
import io.enrolgate.registry.device.NewDevice;
import io.enrolgate.registry.enrolment.Enrolment;
import io.enrolgate.registry.enrolment.EnrolmentState;
import io.enrolgate.registry.enrolment.RequestId;
import io.enrolgate.zigbee.IeeeAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * The registry on a JDBC database, H2 or PostgreSQL: the schema and every statement are portable SQL,
 * so one implementation serves both. Built by {@link RegistryStoreBuilder}.
 */
final class JdbcRegistryStore implements RegistryStore {
    private final Database database;
    private final boolean ownsDatabase;
    private final Jdbc jdbc;
    private final Clock clock;
    private final DeviceTable devices;
    private final EnrolmentTable enrolments = new EnrolmentTable();
    private final FrameCounterTable frameCounters = new FrameCounterTable();

    JdbcRegistryStore(Database database, boolean ownsDatabase, AtRestCipher cipher, Clock clock) {
        this.database = database;
        this.ownsDatabase = ownsDatabase;
        this.jdbc = new Jdbc(database.dataSource());
        this.clock = clock;
        this.devices = new DeviceTable(new DeviceSecrets(cipher));
    }

    /**
     * Fails now, rather than at the first enrolment, when the key-encryption key is not the one the stored
     * secrets were sealed with; and prevents sealing new secrets under a second key in the same registry.
     */
    void checkKeyEncryptionKey() {
        jdbc.withConnection("check the key-encryption key", c -> {
            devices.checkOneSecret(c);
            return null;
        });
    }

    /** Both databases keep microseconds: truncating here makes what is returned equal what is read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public Device addDevice(NewDevice device) {
        return jdbc.inTransaction("add device " + device.ieee(), c -> devices.insert(c, device, now()));
    }

    @Override
    public List<Device> addDevices(List<NewDevice> newDevices) {
        Set<IeeeAddress> seen = new HashSet<>();
        for (NewDevice device : newDevices) {
            if (!seen.add(device.ieee())) {
                throw new DeviceAlreadyExistsException(device.ieee());
            }
        }
        return jdbc.inTransaction("add " + newDevices.size() + " devices", c -> {
            Instant now = now();
            List<Device> added = new ArrayList<>(newDevices.size());
            for (NewDevice device : newDevices) {
                added.add(devices.insert(c, device, now));
            }
            return added;
        });
    }

    @Override
    public Optional<Device> findDevice(IeeeAddress ieee) {
        return jdbc.withConnection("find device " + ieee, c -> devices.find(c, ieee));
    }

    @Override
    public List<Device> listDevices() {
        // One transaction, so that labels and targets are read from the same snapshot as the devices.
        return jdbc.inTransaction("list devices", devices::list);
    }

    @Override
    public Optional<Device> setDeviceStatus(IeeeAddress ieee, DeviceStatus status) {
        return jdbc.inTransaction("set the status of device " + ieee, c -> devices.setStatus(c, ieee, status, now())
                ? devices.find(c, ieee) : Optional.empty());
    }

    @Override
    public boolean removeDevice(IeeeAddress ieee) {
        return jdbc.inTransaction("remove device " + ieee, c -> devices.remove(c, ieee));
    }

    @Override
    public Optional<DeviceLinkKey> findLinkKey(IeeeAddress ieee) {
        return jdbc.withConnection("read the link key of device " + ieee, c -> devices.findLinkKey(c, ieee));
    }

    @Override
    public OptionalInt nextKeySequence(IeeeAddress ieee) {
        return jdbc.inTransaction("advance the key sequence of device " + ieee,
                c -> devices.nextKeySequence(c, ieee, now()));
    }

    @Override
    public Enrolment recordEnrolment(Enrolment enrolment) {
        try {
            jdbc.inTransaction("record enrolment " + enrolment.id(), c -> {
                try {
                    enrolments.insert(c, enrolment);
                } catch (EnrolmentTable.DuplicateRequestException e) {
                    throw new DuplicateRequest(e);
                }
                return null;
            });
            return enrolment;
        } catch (DuplicateRequest duplicate) {
            return earlierRecord(enrolment.requestId());
        }
    }

    @Override
    public Optional<Enrolment> recordIssuedEnrolment(IeeeAddress device, IntFunction<Enrolment> issue) {
        RequestId[] requestId = new RequestId[1];
        try {
            return jdbc.inTransaction("issue a key to device " + device, c -> {
                // SELECT ... FOR UPDATE then UPDATE: the device's row stays locked until the commit, so that two
                // enrolments of one device get different sequence numbers.
                OptionalInt sequence = devices.nextKeySequence(c, device, now());
                if (sequence.isEmpty()) {
                    return Optional.<Enrolment>empty();
                }
                Enrolment issued = issue.apply(sequence.getAsInt());
                if (!issued.device().equals(device) || issued.keySequence().orElse(-1) != sequence.getAsInt()
                        || issued.state() != EnrolmentState.KEY_ISSUED) {
                    throw new IllegalArgumentException("the record to issue " + issued + " is not a KEY_ISSUED record of"
                            + " device " + device + " with key sequence " + sequence.getAsInt());
                }
                requestId[0] = issued.requestId();
                try {
                    enrolments.insert(c, issued);
                } catch (EnrolmentTable.DuplicateRequestException e) {
                    throw new DuplicateRequest(e);
                }
                return Optional.of(issued);
            });
        } catch (DuplicateRequest duplicate) {
            // Rolled back: the key sequence did not advance for a record that was not made.
            return Optional.of(earlierRecord(requestId[0]));
        }
    }

    /** Outside the failed transaction: PostgreSQL refuses statements in a transaction after an error. */
    private Enrolment earlierRecord(RequestId requestId) {
        return findEnrolmentByRequestId(requestId).orElseThrow(() -> new IllegalStateException(
                "request " + requestId + " collided with a record that is gone"));
    }

    /** Carries the duplicate out of the transaction, which rolls back on any runtime exception. */
    private static final class DuplicateRequest extends RuntimeException {
        DuplicateRequest(Throwable cause) {
            super(null, cause, false, false);
        }
    }

    @Override
    public Enrolment updateEnrolment(Enrolment enrolment) {
        return jdbc.inTransaction("update enrolment " + enrolment.id(), c -> {
            if (!enrolments.update(c, enrolment)) {
                throw new IllegalArgumentException("enrolment " + enrolment.id() + " is not recorded");
            }
            return enrolment;
        });
    }

    @Override
    public Optional<Enrolment> setEnrolmentState(UUID id, EnrolmentState state, Optional<String> reason) {
        return jdbc.inTransaction("set the state of enrolment " + id, c -> {
            Optional<Enrolment> current = enrolments.findById(c, id, true);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Enrolment e = current.get();
            Enrolment updated = new Enrolment(e.id(), e.requestId(), e.device(), e.gateway(), e.keyIdentifier(),
                    e.frameCounter(), e.keySequence(), state, reason.or(e::reason), e.responseFrame(), e.keyDelivery(),
                    e.createdAt(), now());
            enrolments.update(c, updated);
            return Optional.of(updated);
        });
    }

    @Override
    public Optional<Enrolment> findEnrolment(UUID id) {
        return jdbc.withConnection("find enrolment " + id, c -> enrolments.findById(c, id, false));
    }

    @Override
    public Optional<Enrolment> findEnrolmentByRequestId(RequestId requestId) {
        return jdbc.withConnection("find the enrolment of request " + requestId,
                c -> enrolments.findByRequestId(c, requestId));
    }

    @Override
    public List<Enrolment> issuedEnrolmentsUnchangedSince(Instant unchangedSince, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + ": expected at least 1");
        }
        return jdbc.withConnection("list the issued enrolments unchanged since " + unchangedSince,
                c -> enrolments.withDeliveryUnchangedSince(c, EnrolmentState.KEY_ISSUED, unchangedSince, limit));
    }

    @Override
    public Optional<Enrolment> claimForRedelivery(Enrolment seen) {
        Instant now = now();
        return jdbc.withConnection("claim enrolment " + seen.id() + " for redelivery",
                c -> enrolments.touchIfUnchanged(c, seen, now) ? Optional.of(seen.touchedAt(now)) : Optional.empty());
    }

    @Override
    public List<Enrolment> enrolmentsOf(IeeeAddress device) {
        return jdbc.withConnection("list the enrolments of device " + device, c -> enrolments.ofDevice(c, device));
    }

    @Override
    public List<Enrolment> allEnrolments() {
        return jdbc.withConnection("list enrolments", enrolments::all);
    }

    @Override
    public FrameCounterBlock allocateFrameCounterBlock(IeeeAddress tcAddress, int size) {
        if (size < 1 || size > FrameCounters.MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("frame counter block size " + size + ": expected 1 to "
                    + FrameCounters.MAX_BLOCK_SIZE);
        }
        String what = "reserve frame counters of " + tcAddress;
        // The first reservation for an address creates its row; a second pass then always finds it.
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<FrameCounterBlock> block = jdbc.inTransaction(what,
                    c -> frameCounters.advance(c, tcAddress, size, now()));
            if (block.isPresent()) {
                return block.get();
            }
            jdbc.withConnection(what, c -> {
                frameCounters.createIfAbsent(c, tcAddress, now());
                return null;
            });
        }
        throw new DatabaseException("registry: cannot " + what + ": its row vanished while reserving",
                new IllegalStateException("frame_counter row missing after insert"));
    }

    @Override
    public boolean isReachable() {
        return database.isReachable();
    }

    @Override
    public void close() {
        if (ownsDatabase) {
            database.close();
        }
    }

    @Override
    public String toString() {
        return "RegistryStore[" + database.config() + "]";
    }
}
