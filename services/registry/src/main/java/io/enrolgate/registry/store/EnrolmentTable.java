package io.enrolgate.registry.store;

import io.enrolgate.registry.enrolment.Enrolment;
import io.enrolgate.registry.enrolment.EnrolmentState;
import io.enrolgate.registry.enrolment.RequestId;
import io.enrolgate.zigbee.IeeeAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;

/** The SQL of the enrolment table; the caller owns the transaction. */
final class EnrolmentTable {
    private static final String COLUMNS = "id, request_id, device_ieee, gateway_ieee, key_identifier, frame_counter,"
            + " key_sequence, state, reason, response_frame, key_delivery, created_at, updated_at";

    /** The request id is recorded already: the caller answers with the earlier record. */
    static final class DuplicateRequestException extends Exception {
        DuplicateRequestException() {
            super(null, null, false, false);
        }
    }

    void insert(Connection connection, Enrolment enrolment) throws SQLException, DuplicateRequestException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO enrolment (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, enrolment.id());
            insert.setBytes(2, enrolment.requestId().toBytes());
            insert.setString(3, enrolment.device().toDisplayHex());
            insert.setString(4, enrolment.gateway().toDisplayHex());
            setMutableFields(insert, 5, enrolment);
            // Written once, here: updates never change it.
            insert.setBytes(11, enrolment.keyDelivery().orElse(null));
            Jdbc.setInstant(insert, 12, enrolment.createdAt());
            Jdbc.setInstant(insert, 13, enrolment.updatedAt());
            insert.executeUpdate();
        } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw new DuplicateRequestException();
            }
            throw e;
        }
    }

    boolean update(Connection connection, Enrolment enrolment) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE enrolment SET key_identifier = ?,"
                + " frame_counter = ?, key_sequence = ?, state = ?, reason = ?, response_frame = ?, updated_at = ?"
                + " WHERE id = ?")) {
            setMutableFields(update, 1, enrolment);
            Jdbc.setInstant(update, 7, enrolment.updatedAt());
            update.setObject(8, enrolment.id());
            return update.executeUpdate() == 1;
        }
    }

    /** Sets key identifier, frame counter, key sequence, state, reason, response frame from {@code first} on. */
    private static void setMutableFields(PreparedStatement statement, int first, Enrolment enrolment)
            throws SQLException {
        statement.setString(first, enrolment.keyIdentifier().orElse(null));
        if (enrolment.frameCounter().isPresent()) {
            statement.setLong(first + 1, enrolment.frameCounter().getAsLong());
        } else {
            statement.setNull(first + 1, Types.BIGINT);
        }
        if (enrolment.keySequence().isPresent()) {
            statement.setInt(first + 2, enrolment.keySequence().getAsInt());
        } else {
            statement.setNull(first + 2, Types.INTEGER);
        }
        statement.setString(first + 3, enrolment.state().name());
        statement.setString(first + 4, enrolment.reason().orElse(null));
        statement.setBytes(first + 5, enrolment.responseFrame().orElse(null));
    }

    /**
     * Enrolments in {@code state} that carry a KeyDelivery and were last changed before {@code before}, the
     * longest unchanged first, at most {@code limit}.
     */
    List<Enrolment> withDeliveryUnchangedSince(Connection connection, EnrolmentState state, Instant before, int limit)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM enrolment"
                + " WHERE state = ? AND updated_at < ? AND key_delivery IS NOT NULL ORDER BY updated_at, id"
                + " FETCH FIRST ? ROWS ONLY")) {
            select.setString(1, state.name());
            Jdbc.setInstant(select, 2, before);
            select.setInt(3, limit);
            return readAll(select);
        }
    }

    /**
     * Sets {@code updated_at} to {@code now} if the enrolment is still in {@code state} and unchanged since
     * {@code seen} (a compare-and-set on its last change): true when this caller changed it.
     */
    boolean touchIfUnchanged(Connection connection, Enrolment seen, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE enrolment SET updated_at = ? WHERE id = ? AND state = ? AND updated_at = ?")) {
            Jdbc.setInstant(update, 1, now);
            update.setObject(2, seen.id());
            update.setString(3, seen.state().name());
            Jdbc.setInstant(update, 4, seen.updatedAt());
            return update.executeUpdate() == 1;
        }
    }

    Optional<Enrolment> findById(Connection connection, UUID id, boolean forUpdate) throws SQLException {
        List<Enrolment> found = select(connection, " WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""), id);
        return found.stream().findFirst();
    }

    Optional<Enrolment> findByRequestId(Connection connection, RequestId requestId) throws SQLException {
        return select(connection, " WHERE request_id = ?", requestId.toBytes()).stream().findFirst();
    }

    List<Enrolment> ofDevice(Connection connection, IeeeAddress device) throws SQLException {
        return select(connection, " WHERE device_ieee = ? ORDER BY created_at, id", device.toDisplayHex());
    }

    List<Enrolment> all(Connection connection) throws SQLException {
        return select(connection, " ORDER BY created_at, id", null);
    }

    private static List<Enrolment> select(Connection connection, String rest, Object parameter) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM enrolment" + rest)) {
            if (parameter != null) {
                select.setObject(1, parameter);
            }
            return readAll(select);
        }
    }

    private static List<Enrolment> readAll(PreparedStatement select) throws SQLException {
        List<Enrolment> enrolments = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                enrolments.add(read(row));
            }
        }
        return enrolments;
    }

    private static Enrolment read(ResultSet row) throws SQLException {
        long counter = row.getLong("frame_counter");
        OptionalLong frameCounter = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(counter);
        int sequence = row.getInt("key_sequence");
        OptionalInt keySequence = row.wasNull() ? OptionalInt.empty() : OptionalInt.of(sequence);
        return new Enrolment(row.getObject("id", UUID.class), RequestId.of(row.getBytes("request_id")),
                IeeeAddress.parse(row.getString("device_ieee")), IeeeAddress.parse(row.getString("gateway_ieee")),
                Optional.ofNullable(row.getString("key_identifier")), frameCounter, keySequence,
                EnrolmentState.valueOf(row.getString("state")), Optional.ofNullable(row.getString("reason")),
                Optional.ofNullable(row.getBytes("response_frame")), Optional.ofNullable(row.getBytes("key_delivery")),
                Jdbc.getInstant(row, "created_at"),
                Jdbc.getInstant(row, "updated_at"));
    }
}
