package io.enrolgate.provisioning.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The durable provisioning work, shared by every replica (one database). Work is claimed with a lease so that
 * one item is worked on by one replica at a time; a replica that dies leaves its leases to expire, and one
 * that restarts under the same owner name takes its own leases back at once ({@link #releaseLeasesOf}).
 * Every method blocks on the database and is one transaction; failures are
 * {@link io.enrolgate.common.storage.DatabaseException}s.
 */
public interface WorkStore {
    /** Stores {@code item} unless its enrolment id is stored: true when it was new. */
    boolean insertIfAbsent(WorkItem item);

    Optional<WorkItem> find(UUID enrolmentId);

    /** The enrolment ids of unfinished, unleased work due at {@code now}, the most overdue first. */
    List<UUID> due(Instant now, int limit);

    /**
     * Takes the lease of one unfinished, due, unleased item for {@code owner} until {@code now + lease}; empty
     * when another has it, it is finished, or not due yet.
     */
    Optional<WorkItem> claim(UUID enrolmentId, String owner, Instant now, Duration lease);

    /**
     * Stores the item's new state, keeping the lease (renewed to {@code now + lease}) unless the state is
     * terminal or a retry (then released).
     *
     * @throws LeaseLostException when {@code owner} no longer holds the lease (it expired and another took it)
     */
    void save(WorkItem item, String owner, Instant now, Duration lease);

    /** Releases the leases {@code owner} holds (a restarted replica: nothing of it runs any more). */
    int releaseLeasesOf(String owner);

    /** How many items are in each state. */
    Map<WorkState, Integer> countByState();

    /** Whether the database answers now: the readiness probe. */
    boolean isReachable();
}
