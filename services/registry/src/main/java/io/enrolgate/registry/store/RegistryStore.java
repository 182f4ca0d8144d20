package io.enrolgate.registry.store;

import io.enrolgate.registry.counter.FrameCounterBlock;
import io.enrolgate.registry.counter.FrameCounterExhaustedException;
import io.enrolgate.registry.device.Device;
import io.enrolgate.registry.device.DeviceAlreadyExistsException;
import io.enrolgate.registry.device.DeviceLinkKey;
import io.enrolgate.registry.device.DeviceStatus;
import io.enrolgate.registry.device.NewDevice;
import io.enrolgate.registry.enrolment.Enrolment;
import io.enrolgate.registry.enrolment.EnrolmentState;
import io.enrolgate.registry.enrolment.RequestId;
import io.enrolgate.zigbee.IeeeAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Everything the registry keeps: devices (with their install codes and link keys encrypted at rest),
 * enrolment records and frame counter high-water marks. Everything a key-forge replica must not keep
 * for itself lives here, so replicas stay stateless.
 *
 * <p>Implementations are real databases (embedded H2, PostgreSQL; see {@link RegistryStoreBuilder}) and
 * are thread-safe. Every method blocks on the database: never call one on a Vert.x event loop. Every
 * write is one transaction: it happens whole or not at all. Database failures are
 * {@link io.enrolgate.common.storage.DatabaseException}s.
 */
public interface RegistryStore extends AutoCloseable {

    // ---- devices

    /**
     * Registers a device, encrypting its install code and link key.
     *
     * @throws DeviceAlreadyExistsException if its IEEE address is registered
     */
    Device addDevice(NewDevice device);

    /**
     * Registers several devices in one transaction: all of them, or none when any fails.
     *
     * @throws DeviceAlreadyExistsException naming the first address registered already (or twice in the list)
     */
    List<Device> addDevices(List<NewDevice> devices);

    Optional<Device> findDevice(IeeeAddress ieee);

    /** All devices, by IEEE address. */
    List<Device> listDevices();

    /** Sets the status; empty when no such device. */
    Optional<Device> setDeviceStatus(IeeeAddress ieee, DeviceStatus status);

    /** Removes a device and its secrets; its enrolment history stays. False when no such device. */
    boolean removeDevice(IeeeAddress ieee);

    /**
     * The decrypted link key of a device, with its status, for key-forge.
     *
     * @throws io.enrolgate.common.crypto.AtRestCipherException when it does not decrypt (wrong
     *     key-encryption key, or the row was tampered with)
     */
    Optional<DeviceLinkKey> findLinkKey(IeeeAddress ieee);

    /**
     * Advances the device's key sequence number (0 to 255, wrapping) and returns the new value, atomically;
     * empty when no such device.
     */
    OptionalInt nextKeySequence(IeeeAddress ieee);

    // ---- enrolments

    /**
     * Records an enrolment unless one with the same request id exists, and returns the stored one: the
     * argument if it was new, else the earlier record (so the caller can answer with its response frame).
     */
    Enrolment recordEnrolment(Enrolment enrolment);

    /**
     * Issues a key to {@code device} in one transaction: locks the device's row, advances its key sequence
     * (as {@link #nextKeySequence}), lets {@code issue} build the KEY_ISSUED record for that sequence number
     * (forging and sealing happen there, under the lock), and records it. All of it is committed together, or
     * nothing is: a key sequence number is never spent on an enrolment that was not recorded.
     *
     * <p>When the record's request id is recorded already (two replicas racing on one request), nothing changes
     * and the earlier record is returned: the caller tells by its id. Empty when no such device. {@code issue}
     * must return a record of {@code device} and that key sequence; what it throws rolls everything back and
     * is rethrown.
     */
    Optional<Enrolment> recordIssuedEnrolment(IeeeAddress device, IntFunction<Enrolment> issue);

    /**
     * Replaces the mutable fields of a recorded enrolment (state, key identifier, counter, response, reason,
     * time). The KeyDelivery is not one of them: the stored one stays whatever the argument carries.
     */
    Enrolment updateEnrolment(Enrolment enrolment);

    /** Sets the state (and reason) of an enrolment; empty when no such enrolment. */
    Optional<Enrolment> setEnrolmentState(UUID id, EnrolmentState state, Optional<String> reason);

    Optional<Enrolment> findEnrolment(UUID id);

    Optional<Enrolment> findEnrolmentByRequestId(RequestId requestId);

    /**
     * Enrolments still KEY_ISSUED, with a KeyDelivery, whose last change is before {@code unchangedSince}: keys
     * that provisioning has not taken (yet), the longest waiting first, at most {@code limit}.
     */
    List<Enrolment> issuedEnrolmentsUnchangedSince(Instant unchangedSince, int limit);

    /**
     * Claims {@code seen} for publishing its KeyDelivery again: sets its last change to now, provided it is
     * still in its state and unchanged since it was read (a compare-and-set). Of several replicas sweeping at
     * once, one wins each enrolment; the others get empty, as they do when provisioning moved it meanwhile.
     */
    Optional<Enrolment> claimForRedelivery(Enrolment seen);

    /** The enrolments of one device, oldest first. */
    List<Enrolment> enrolmentsOf(IeeeAddress device);

    /** Every enrolment, oldest first (for audits and tests: unbounded). */
    List<Enrolment> allEnrolments();

    // ---- frame counters

    /**
     * Reserves the next {@code size} frame counters of a Trust Center source address, atomically and durably
     * (committed before this returns). Concurrent callers, in this or other processes, get disjoint blocks;
     * the high-water mark never goes back. Near the end of the 32-bit space the block may be shorter.
     *
     * @throws FrameCounterExhaustedException when no counter is left
     */
    FrameCounterBlock allocateFrameCounterBlock(IeeeAddress tcAddress, int size);

    // ---- life cycle

    /** Whether the database answers now: the readiness probe. */
    boolean isReachable();

    @Override
    void close();
}
