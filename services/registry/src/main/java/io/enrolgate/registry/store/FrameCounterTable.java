package io.enrolgate.registry.store;

import io.enrolgate.registry.counter.FrameCounterBlock;
import io.enrolgate.registry.counter.FrameCounterExhaustedException;
import io.enrolgate.registry.counter.FrameCounters;
import io.enrolgate.zigbee.IeeeAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The SQL of the frame_counter table: one high-water mark per Trust Center address, advanced under a row
 * lock ({@code SELECT ... FOR UPDATE}, which H2 and PostgreSQL both honour), so two replicas reserving at
 * the same moment are served one after the other and get disjoint blocks.
 */
final class FrameCounterTable {

    /** Advances the mark by up to {@code size}; empty when the address has no row yet. */
    Optional<FrameCounterBlock> advance(Connection connection, IeeeAddress tcAddress, int size, Instant now)
            throws SQLException {
        long next;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT next_counter FROM frame_counter WHERE tc_address = ? FOR UPDATE")) {
            select.setString(1, tcAddress.toDisplayHex());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                next = row.getLong(1);
            }
        }
        long remaining = FrameCounters.MAX_COUNTER + 1 - next;
        if (remaining <= 0) {
            throw new FrameCounterExhaustedException(tcAddress);
        }
        int granted = (int) Math.min(size, remaining);
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE frame_counter SET next_counter = ?, updated_at = ? WHERE tc_address = ?")) {
            update.setLong(1, next + granted);
            Jdbc.setInstant(update, 2, now);
            update.setString(3, tcAddress.toDisplayHex());
            update.executeUpdate();
        }
        return Optional.of(new FrameCounterBlock(tcAddress, next, granted));
    }

    /**
     * Creates the address's row, starting at 0, unless another replica just did (that race is fine: both
     * then go through {@link #advance}, which serialises them).
     */
    void createIfAbsent(Connection connection, IeeeAddress tcAddress, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO frame_counter (tc_address, next_counter, updated_at) VALUES (?, 0, ?)")) {
            insert.setString(1, tcAddress.toDisplayHex());
            Jdbc.setInstant(insert, 2, now);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
        }
    }
}
